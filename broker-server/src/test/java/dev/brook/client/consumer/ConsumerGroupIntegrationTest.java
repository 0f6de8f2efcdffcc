package dev.brook.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brook.client.serialization.Serdes;
import dev.brook.core.ConsumerGroups;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import dev.brook.server.cli.BrookCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers in groups against a real broker on 127.0.0.1, with heartbeats every 200 ms and a
 * session timeout of 3 s so that members come and go quickly. The consumers of a test are polled
 * in turn from the test's thread; heartbeats run in the background.
 */
class ConsumerGroupIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(20);

    @TempDir
    Path dataDir;

    private BrookServer server;
    private final List<Consumer<?, ?>> consumers = new ArrayList<>();

    @BeforeEach
    void start() {
        server = startServer();
    }

    private BrookServer startServer() {
        return startServer(200, 3000);
    }

    private BrookServer startServer(int heartbeatIntervalMs, int sessionTimeoutMs) {
        return BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir)
                .groupHeartbeatIntervalMs(heartbeatIntervalMs).groupSessionTimeoutMs(sessionTimeoutMs).build());
    }

    @AfterEach
    void stop() {
        consumers.forEach(consumer -> consumer.close(Duration.ofSeconds(2)));
        if (server != null) {
            server.close();
        }
    }

    private Consumer<String, String> consumer(String group,
            UnaryOperator<ConsumerConfig.Builder<String, String>> settings) {
        Consumer<String, String> consumer = Consumer.create(settings.apply(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port()).groupId(group)
                .autoOffsetReset(AutoOffsetReset.EARLIEST)).build());
        consumers.add(consumer);
        return consumer;
    }

    private Consumer<String, String> manualCommitConsumer(String group) {
        return consumer(group, b -> b.enableAutoCommit(false));
    }

    private void createTopic(String name, int partitions) {
        server.broker().createTopic(NewTopic.of(name, partitions));
    }

    /** Appends the numbers {@code from} until {@code to}, as values, number n to partition n % partitions. */
    private void appendNumbers(String topic, int partitions, int from, int to) {
        for (int p = 0; p < partitions; p++) {
            RecordBatchBuilder batch = RecordBatchBuilder.allocate(64 * 1024);
            boolean any = false;
            for (int n = from; n < to; n++) {
                if (n % partitions == p) {
                    batch.append(System.currentTimeMillis(), null, utf8(Integer.toString(n)));
                    any = true;
                }
            }
            if (any) {
                server.broker().append(topic, p, batch.build());
            }
        }
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Set<TopicPartition> partitions(String topic, int... numbers) {
        return IntStream.of(numbers).mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
    }

    private static Set<TopicPartition> allPartitions(String topic, int count) {
        return partitions(topic, IntStream.range(0, count).toArray());
    }

    /**
     * Polls the consumers in turn, handing each poll's values to {@code consumed} (and committing
     * after each poll when {@code commit}), until {@code done} holds; fails after {@link #PATIENCE}.
     */
    private static void pollUntil(List<Consumer<String, String>> group, List<String> consumed, boolean commit,
            BooleanSupplier done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("time left waiting for the group").isNegative();
            for (Consumer<String, String> consumer : group) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                records.forEach(record -> consumed.add(record.value()));
                if (commit && !records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).collect(Collectors.toList());
    }

    @Test
    void threeConsumersInOneGroupShareSixPartitionsTwoEach() {
        createTopic("six", 6);
        List<Consumer<String, String>> group = List.of(consumer("g", b -> b), consumer("g", b -> b),
                consumer("g", b -> b));
        group.forEach(consumer -> consumer.subscribe(List.of("six")));

        pollUntil(group, new ArrayList<>(), false, () -> group.stream().allMatch(c -> c.assignment().size() == 2));

        Set<TopicPartition> union = new HashSet<>();
        group.forEach(consumer -> union.addAll(consumer.assignment()));
        assertThat(union).isEqualTo(allPartitions("six", 6));
        assertThat(group.get(0).subscription()).containsExactly("six");
    }

    @Test
    void closingAConsumerMovesItsPartitionsWithNoRecordLostOrRepeated() {
        createTopic("numbers", 6);
        appendNumbers("numbers", 6, 0, 300);
        List<Consumer<String, String>> group = new ArrayList<>(List.of(manualCommitConsumer("g"),
                manualCommitConsumer("g"), manualCommitConsumer("g")));
        group.forEach(consumer -> consumer.subscribe(List.of("numbers")));
        List<String> consumed = Collections.synchronizedList(new ArrayList<>());
        pollUntil(group, consumed, true, () -> group.stream().allMatch(c -> c.assignment().size() == 2));

        Consumer<String, String> leaving = group.remove(0);
        Set<TopicPartition> itsPartitions = leaving.assignment();
        leaving.close();
        appendNumbers("numbers", 6, 300, 600);
        pollUntil(group, consumed, true, () -> consumed.size() >= 600
                && group.stream().allMatch(c -> c.assignment().size() == 3));

        assertThat(consumed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(numbers(0, 600));
        Set<TopicPartition> nowOwned = new HashSet<>(group.get(0).assignment());
        nowOwned.addAll(group.get(1).assignment());
        assertThat(nowOwned).containsAll(itsPartitions);
    }

    @Test
    void aConsumerThatStopsHeartbeatingLosesItsPartitionsAfterTheSessionTimeout() {
        createTopic("dead", 4);
        Consumer<String, String> dying = manualCommitConsumer("g");
        Consumer<String, String> survivor = manualCommitConsumer("g");
        dying.subscribe(List.of("dead"));
        survivor.subscribe(List.of("dead"));
        pollUntil(List.of(dying, survivor), new ArrayList<>(), false,
                () -> dying.assignment().size() == 2 && survivor.assignment().size() == 2);

        dying.stopHeartbeatsForTesting(); // and it is never polled again
        long stoppedAt = System.nanoTime();
        pollUntil(List.of(survivor), new ArrayList<>(), false, () -> survivor.assignment().size() == 4);

        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(survivor.assignment()).isEqualTo(allPartitions("dead", 4));
    }

    @Test
    void aMemberTheBrokerRemovedCannotCommit() {
        createTopic("zombie", 2);
        Consumer<String, String> zombie = manualCommitConsumer("g");
        zombie.subscribe(List.of("zombie"));
        pollUntil(List.of(zombie), new ArrayList<>(), false, () -> zombie.assignment().size() == 2);

        zombie.stopHeartbeatsForTesting();
        await().atMost(PATIENCE).until(() -> server.broker().groups().listGroups().stream()
                .noneMatch(listing -> listing.groupId().equals("g") && listing.memberCount() > 0));

        assertThatThrownBy(() -> zombie.commitSync(Map.of(new TopicPartition("zombie", 0), new OffsetAndMetadata(1))))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("g");
        assertThat(server.broker().groups().committedOffsets("g", null)).isEmpty();
    }

    @Test
    void twoGroupsEachReceiveEveryRecord() {
        createTopic("shared", 3);
        appendNumbers("shared", 3, 0, 90);
        Consumer<String, String> first = consumer("first", b -> b);
        Consumer<String, String> second = consumer("second", b -> b);
        first.subscribe(List.of("shared"));
        second.subscribe(List.of("shared"));
        List<String> fromFirst = new ArrayList<>();
        List<String> fromSecond = new ArrayList<>();

        pollUntil(List.of(first), fromFirst, false, () -> fromFirst.size() >= 90);
        pollUntil(List.of(second), fromSecond, false, () -> fromSecond.size() >= 90);

        assertThat(fromFirst).containsExactlyInAnyOrderElementsOf(numbers(0, 90));
        assertThat(fromSecond).containsExactlyInAnyOrderElementsOf(numbers(0, 90));
    }

    @Test
    void aConsumerResumesAfterItsLastCommitAcrossABrokerRestart() {
        createTopic("durable", 2);
        appendNumbers("durable", 2, 0, 10);
        Consumer<String, String> before = manualCommitConsumer("g");
        before.subscribe(List.of("durable"));
        List<String> consumed = new ArrayList<>();
        pollUntil(List.of(before), consumed, true, () -> consumed.size() >= 10);
        before.close();

        server.close();
        server = startServer();
        appendNumbers("durable", 2, 10, 20);
        Consumer<String, String> after = manualCommitConsumer("g");
        after.subscribe(List.of("durable"));
        List<String> resumed = new ArrayList<>();
        pollUntil(List.of(after), resumed, true, () -> resumed.size() >= 10);

        assertThat(consumed).containsExactlyInAnyOrderElementsOf(numbers(0, 10));
        assertThat(resumed).containsExactlyInAnyOrderElementsOf(numbers(10, 20));
        assertThat(after.committed(allPartitions("durable", 2))).containsEntry(new TopicPartition("durable", 0),
                new OffsetAndMetadata(10)).containsEntry(new TopicPartition("durable", 1), new OffsetAndMetadata(10));
    }

    @Test
    void theListenerHearsRevokedBeforeTheNewOwnerHearsAssigned() {
        createTopic("moves", 4);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Consumer<String, String> first = consumer("g", b -> b);
        Consumer<String, String> second = consumer("g", b -> b);
        first.subscribe(List.of("moves"), recorder("first", events));
        pollUntil(List.of(first), new ArrayList<>(), false, () -> first.assignment().size() == 4);
        second.subscribe(List.of("moves"), recorder("second", events));

        pollUntil(List.of(first, second), new ArrayList<>(), false, () -> second.assignment().size() == 2);

        Set<TopicPartition> moved = second.assignment();
        assertThat(events).containsExactly("first assigned " + sorted(allPartitions("moves", 4)),
                "first revoked " + sorted(moved), "second assigned " + sorted(moved));
    }

    @Test
    void autoCommitCommitsOnTheIntervalAndOnClose() {
        createTopic("auto", 2);
        appendNumbers("auto", 2, 0, 10);
        Consumer<String, String> periodic = consumer("periodic", b -> b.autoCommitIntervalMs(100));
        periodic.subscribe(List.of("auto"));
        List<String> consumed = new ArrayList<>();
        pollUntil(List.of(periodic), consumed, false, () -> consumed.size() >= 10
                && committedOffsets("periodic").equals(Map.of(new TopicPartition("auto", 0), 5L,
                        new TopicPartition("auto", 1), 5L)));

        Consumer<String, String> closing = consumer("closing", b -> b.autoCommitIntervalMs(600_000));
        closing.subscribe(List.of("auto"));
        List<String> read = new ArrayList<>();
        pollUntil(List.of(closing), read, false, () -> read.size() >= 10);
        assertThat(committedOffsets("closing")).isEmpty();
        closing.close();

        assertThat(committedOffsets("closing")).containsEntry(new TopicPartition("auto", 0), 5L)
                .containsEntry(new TopicPartition("auto", 1), 5L);
    }

    private Map<TopicPartition, Long> committedOffsets(String group) {
        return server.broker().groups().committedOffsets(group, null).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Test
    void commitAsyncTellsItsCallbackInsideALaterPoll() {
        createTopic("async", 1);
        appendNumbers("async", 1, 0, 3);
        Consumer<String, String> consumer = manualCommitConsumer("g");
        consumer.subscribe(List.of("async"));
        List<String> consumed = new ArrayList<>();
        pollUntil(List.of(consumer), consumed, false, () -> consumed.size() >= 3);
        List<Map<TopicPartition, OffsetAndMetadata>> outcomes = new ArrayList<>();
        Thread pollingThread = Thread.currentThread();

        consumer.commitAsync((offsets, exception) -> {
            assertThat(Thread.currentThread()).isSameAs(pollingThread);
            assertThat(exception).isNull();
            outcomes.add(offsets);
        });
        pollUntil(List.of(consumer), consumed, false, () -> !outcomes.isEmpty());

        assertThat(outcomes).containsExactly(Map.of(new TopicPartition("async", 0), new OffsetAndMetadata(3)));
        assertThat(consumer.committed(Set.of(new TopicPartition("async", 0))))
                .containsEntry(new TopicPartition("async", 0), new OffsetAndMetadata(3));
    }

    @Test
    void aConsumerThatStopsPollingLeavesAndRejoinsAtItsNextPoll() {
        createTopic("slow", 2);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Consumer<String, String> slow = consumer("g", b -> b.maxPollIntervalMs(500));
        Consumer<String, String> steady = consumer("g", b -> b);
        slow.subscribe(List.of("slow"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add("revoked");
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add("assigned");
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                events.add("lost");
            }
        });
        steady.subscribe(List.of("slow"));
        pollUntil(List.of(slow, steady), new ArrayList<>(), false,
                () -> slow.assignment().size() == 1 && steady.assignment().size() == 1);

        pollUntil(List.of(steady), new ArrayList<>(), false, () -> steady.assignment().size() == 2);
        pollUntil(List.of(slow, steady), new ArrayList<>(), false,
                () -> slow.assignment().size() == 1 && steady.assignment().size() == 1);

        assertThat(events).endsWith("lost", "assigned").containsOnlyOnce("lost");
    }

    /**
     * The broker raises the member's epoch behind its back (the test heartbeats for it, as a
     * response the client has not read yet would): the commit meets ILLEGAL_GENERATION, asks for a
     * heartbeat, and succeeds with the newer epoch. Heartbeats are 2 s apart here, so that the
     * client's own heartbeat does not get in first.
     */
    @Test
    void aCommitWithAnOutdatedEpochIsRetriedAfterAHeartbeat() {
        server.close();
        server = startServer(2000, 20_000);
        createTopic("gen", 2);
        ConsumerGroups groups = server.broker().groups();
        ConsumerGroups.HeartbeatResult fake = groups.heartbeat(new ConsumerGroups.Heartbeat("g", null, 0, "fake",
                60_000, Set.of("gen"), null, Set.of()));
        assertThat(fake.assignment()).hasSize(2);
        Consumer<String, String> member = manualCommitConsumer("g");
        member.subscribe(List.of("gen"));
        await().atMost(PATIENCE).until(() -> groups.describeGroup("g").members().size() == 2);
        // The fake member gives everything up and leaves, so that the real one is due both partitions.
        ConsumerGroups.HeartbeatResult revoked = groups.heartbeat(new ConsumerGroups.Heartbeat("g", fake.memberId(),
                fake.memberEpoch(), "fake", -1, null, null, fake.assignment()));
        groups.heartbeat(new ConsumerGroups.Heartbeat("g", fake.memberId(), revoked.memberEpoch(), "fake", -1, null,
                null, revoked.assignment()));
        groups.heartbeat(new ConsumerGroups.Heartbeat("g", fake.memberId(), -1, "fake", -1, null, null, null));
        ConsumerGroups.MemberDescription real = groups.describeGroup("g").members().get(0);
        ConsumerGroups.HeartbeatResult raised = groups.heartbeat(new ConsumerGroups.Heartbeat("g", real.memberId(),
                real.memberEpoch(), "test", -1, null, null, real.assignment()));
        assertThat(raised.memberEpoch()).isGreaterThan(real.memberEpoch());

        member.commitSync(Map.of(new TopicPartition("gen", 0), new OffsetAndMetadata(1)));

        assertThat(committedOffsets("g")).isEqualTo(Map.of(new TopicPartition("gen", 0), 1L));
    }

    @Test
    void unsubscribeLeavesTheGroupAtOnceAndTellsTheListener() {
        createTopic("leave", 2);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Consumer<String, String> leaving = consumer("g", b -> b);
        Consumer<String, String> staying = consumer("g", b -> b);
        leaving.subscribe(List.of("leave"), recorder("leaving", events));
        staying.subscribe(List.of("leave"));
        pollUntil(List.of(leaving, staying), new ArrayList<>(), false,
                () -> leaving.assignment().size() == 1 && staying.assignment().size() == 1);
        Set<TopicPartition> itsPartition = leaving.assignment();
        long before = System.nanoTime();

        leaving.unsubscribe();
        pollUntil(List.of(staying), new ArrayList<>(), false, () -> staying.assignment().size() == 2);

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        assertThat(events).endsWith("leaving revoked " + sorted(itsPartition));
        assertThat(leaving.assignment()).isEmpty();
        assertThat(leaving.subscription()).isEmpty();
    }

    @Test
    void closeLeavesTheGroupWithoutWaitingForTheSessionTimeout() {
        server.close();
        server = startServer(200, 60_000);
        createTopic("early", 2);
        Consumer<String, String> early = consumer("early-group", b -> b);
        early.subscribe(List.of("early"));

        early.close(Duration.ofSeconds(5));

        // Far sooner than the 60 s session timeout that would otherwise remove it.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.broker().groups().listGroups().stream()
                .filter(g -> g.groupId().equals("early-group")).allMatch(g -> g.memberCount() == 0));
    }

    @Test
    void subscribeNeedsAGroupAndDoesNotMixWithAssign() {
        Consumer<String, String> noGroup = consumer(null, b -> b);
        assertThatThrownBy(() -> noGroup.subscribe(List.of("t"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("groupId");
        Consumer<String, String> assigned = consumer("g", b -> b);
        assigned.assign(List.of(new TopicPartition("t", 0)));
        assertThatThrownBy(() -> assigned.subscribe(List.of("t"))).isInstanceOf(IllegalStateException.class);
        Consumer<String, String> subscribed = consumer("g2", b -> b);
        subscribed.subscribe(List.of("t"));
        assertThatThrownBy(() -> subscribed.assign(List.of(new TopicPartition("t", 0))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAssigningConsumerWithAGroupCommitsAsANonMember() {
        createTopic("manual", 1);
        Consumer<String, String> consumer = manualCommitConsumer("manual-group");
        TopicPartition tp = new TopicPartition("manual", 0);
        consumer.assign(List.of(tp));

        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(7, "seven")));

        assertThat(consumer.committed(Set.of(tp))).containsEntry(tp, new OffsetAndMetadata(7, "seven"));
    }

    @Test
    void consoleConsumerWithAGroupResumesAfterWhatItPrinted() {
        createTopic("console", 1);
        appendNumbers("console", 1, 0, 3);

        String first = consoleConsumer("--max-messages", "2");
        String second = consoleConsumer("--timeout-ms", "1000");

        assertThat(first).isEqualToNormalizingNewlines("0\n1\n");
        assertThat(second).isEqualToNormalizingNewlines("2\n");
    }

    @Test
    void perfConsumerWithAGroupReadsAsAMemberAndCommits() {
        createTopic("perf", 2);
        appendNumbers("perf", 2, 0, 100);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(err), "perf-consumer",
                "--bootstrap-server", "127.0.0.1:" + server.port(), "--topic", "perf", "--num-records", "100",
                "--group", "perf-group");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(", 100, ");
        assertThat(committedOffsets("perf-group")).isEqualTo(Map.of(new TopicPartition("perf", 0), 50L,
                new TopicPartition("perf", 1), 50L));
    }

    private String consoleConsumer(String... extra) {
        List<String> args = new ArrayList<>(List.of("console-consumer", "--bootstrap-server",
                "127.0.0.1:" + server.port(), "--topic", "console", "--group", "cli", "--from-beginning"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().sorted().collect(Collectors.toList());
    }

    private static ConsumerRebalanceListener recorder(String name, List<String> events) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                events.add(name + " revoked " + sorted(partitions));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                events.add(name + " assigned " + sorted(partitions));
            }
        };
    }
}
