package dev.brook.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.NetworkException;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import dev.brook.protocol.record.Header;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.record.TimestampType;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Consumer against a real broker on 127.0.0.1. */
class ConsumerIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private BrookServer server;
    private final List<Consumer<?, ?>> consumers = new ArrayList<>();
    private final AtomicReference<Thread> pollThread = new AtomicReference<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-poller");
        thread.setDaemon(true);
        pollThread.set(thread);
        return thread;
    });

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        consumers.forEach(Consumer::close);
        if (server != null) {
            server.close();
        }
    }

    private Consumer<String, String> consumer(
            UnaryOperator<ConsumerConfig.Builder<String, String>> settings) {
        return track(Consumer.create(settings.apply(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port())).build()));
    }

    private Consumer<String, String> earliestConsumer() {
        return consumer(b -> b.autoOffsetReset(AutoOffsetReset.EARLIEST));
    }

    private <C extends Consumer<?, ?>> C track(C consumer) {
        consumers.add(consumer);
        return consumer;
    }

    private void createTopic(String name, int partitions) {
        server.broker().createTopic(NewTopic.of(name, partitions));
    }

    /** Appends one batch of records whose values are {@code values}, keys "key-" + value, at {@code timestamp}. */
    private void append(String topic, int partition, long timestamp, String... values) {
        RecordBatchBuilder batch = RecordBatchBuilder.allocate(1024 + values.length * 64);
        for (String value : values) {
            batch.append(timestamp, utf8("key-" + value), utf8(value));
        }
        server.broker().append(topic, partition, batch.build());
    }

    private void append(String topic, int partition, String... values) {
        append(topic, partition, System.currentTimeMillis(), values);
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Polls until at least {@code count} records came, failing after {@link #PATIENCE}. */
    private static <K, V> List<ConsumerRecord<K, V>> pollUntil(Consumer<K, V> consumer, int count) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (received.size() < count) {
            assertThat(System.nanoTime() - deadline).as("records after %s: %s", PATIENCE, received).isNegative();
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    private static List<Long> offsets(List<? extends ConsumerRecord<?, ?>> records) {
        return records.stream().map(ConsumerRecord::offset).collect(Collectors.toList());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().collect(Collectors.toList());
    }

    private void awaitPollWaiting() {
        await().atMost(PATIENCE).until(() -> pollThread.get() != null
                && pollThread.get().getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void pollReturnsRecordsInOffsetOrderPerPartitionAcrossPartitions() {
        createTopic("events", 3);
        long timestamp = System.currentTimeMillis() - 1000;
        for (int p = 0; p < 3; p++) {
            for (int batch = 0; batch < 3; batch++) {
                int base = batch * 4;
                int partition = p;
                append("events", p, timestamp, Stream.of(0, 1, 2, 3).map(i -> partition + "-" + (base + i))
                        .toArray(String[]::new));
            }
        }
        server.broker().append("events", 0, RecordBatchBuilder.allocate(256)
                .append(timestamp, null, utf8("with-header"), new Header("trace", new byte[] {7})).build());
        Consumer<String, String> consumer = earliestConsumer();
        List<TopicPartition> partitions = List.of(new TopicPartition("events", 0), new TopicPartition("events", 1),
                new TopicPartition("events", 2));
        consumer.assign(partitions);

        List<ConsumerRecord<String, String>> received = pollUntil(consumer, 37);

        assertThat(received).hasSize(37);
        for (TopicPartition partition : partitions) {
            List<ConsumerRecord<String, String>> ofPartition = received.stream()
                    .filter(r -> r.topicPartition().equals(partition)).collect(Collectors.toList());
            int expected = partition.partition() == 0 ? 13 : 12;
            assertThat(offsets(ofPartition)).containsExactlyElementsOf(range(0, expected));
            for (int i = 0; i < 12; i++) {
                assertThat(ofPartition.get(i).value()).isEqualTo(partition.partition() + "-" + i);
                assertThat(ofPartition.get(i).key()).isEqualTo("key-" + partition.partition() + "-" + i);
            }
        }
        ConsumerRecord<String, String> first = received.stream().filter(r -> r.offset() == 0).findFirst().orElseThrow();
        assertThat(first.topic()).isEqualTo("events");
        assertThat(first.timestamp()).isEqualTo(timestamp);
        assertThat(first.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(first.serializedValueSize()).isEqualTo(first.value().length());
        assertThat(first.serializedKeySize()).isEqualTo(first.key().length());
        ConsumerRecord<String, String> withHeader = received.stream().filter(r -> r.value().equals("with-header"))
                .findFirst().orElseThrow();
        assertThat(withHeader.key()).isNull();
        assertThat(withHeader.serializedKeySize()).isEqualTo(ConsumerRecord.NULL_SIZE);
        assertThat(withHeader.headers()).containsExactly(new Header("trace", new byte[] {7}));
        assertThat(consumer.position(partitions.get(0))).isEqualTo(13);
        assertThat(consumer.position(partitions.get(2))).isEqualTo(12);
    }

    @Test
    void earliestStartsAtTheLogStartAndOutOfRangePositionsResetThere() {
        createTopic("early", 1);
        append("early", 0, "a", "b", "c");
        Consumer<String, String> consumer = earliestConsumer();
        TopicPartition tp = new TopicPartition("early", 0);
        consumer.assign(List.of(tp));

        assertThat(consumer.position(tp)).isZero();
        assertThat(pollUntil(consumer, 3)).extracting(ConsumerRecord::value).containsExactly("a", "b", "c");

        consumer.seek(tp, 100);
        assertThat(pollUntil(consumer, 3)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
    }

    @Test
    void latestStartsAtTheLogEnd() {
        createTopic("late", 1);
        append("late", 0, "old-1", "old-2", "old-3");
        Consumer<String, String> consumer = consumer(b -> b); // LATEST is the default, as in Kafka
        TopicPartition tp = new TopicPartition("late", 0);
        consumer.assign(List.of(tp));

        assertThat(consumer.position(tp)).isEqualTo(3);
        append("late", 0, "new-1", "new-2");

        assertThat(pollUntil(consumer, 2)).extracting(ConsumerRecord::value).containsExactly("new-1", "new-2");
    }

    @Test
    void noneReportsPartitionsWithoutAPositionAndPositionsOutOfRange() {
        createTopic("strict", 1);
        append("strict", 0, "a", "b", "c");
        Consumer<String, String> consumer = consumer(b -> b.autoOffsetReset(AutoOffsetReset.NONE));
        TopicPartition tp = new TopicPartition("strict", 0);
        consumer.assign(List.of(tp));

        Throwable noOffset = catchThrowable(() -> consumer.poll(Duration.ofSeconds(5)));
        assertThat(noOffset).isInstanceOf(NoOffsetForPartitionException.class).hasMessageContaining("strict-0");
        assertThat(((NoOffsetForPartitionException) noOffset).partitions()).containsExactly(tp);

        consumer.seek(tp, 1);
        assertThat(pollUntil(consumer, 2)).extracting(ConsumerRecord::value).containsExactly("b", "c");

        consumer.seek(tp, 100);
        Throwable outOfRange = catchThrowable(() -> consumer.poll(PATIENCE));
        assertThat(outOfRange).isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("strict-0").hasMessageContaining("100");
        assertThat(((OffsetOutOfRangeException) outOfRange).offsetOutOfRangePartitions()).containsEntry(tp, 100L);
        assertThat(((BrookException) outOfRange).errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
    }

    @Test
    void seekSeekToBeginningAndSeekToEndMoveThePosition() {
        createTopic("seek", 1);
        append("seek", 0, "0", "1", "2", "3", "4");
        append("seek", 0, "5", "6", "7", "8", "9");
        Consumer<String, String> consumer = earliestConsumer();
        TopicPartition tp = new TopicPartition("seek", 0);
        consumer.assign(List.of(tp));
        assertThat(offsets(pollUntil(consumer, 10))).containsExactlyElementsOf(range(0, 10));

        consumer.seek(tp, 7); // inside the second batch: records 5 and 6 are skipped
        assertThat(consumer.position(tp)).isEqualTo(7);
        assertThat(offsets(pollUntil(consumer, 3))).containsExactly(7L, 8L, 9L);

        consumer.seekToBeginning(List.of(tp));
        assertThat(consumer.position(tp)).isZero();
        assertThat(offsets(pollUntil(consumer, 10))).containsExactlyElementsOf(range(0, 10));

        consumer.seek(tp, 2);
        consumer.seekToEnd(List.of());  // every assigned partition
        assertThat(consumer.position(tp)).isEqualTo(10);
        append("seek", 0, "10");
        assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("10");
        assertThatThrownBy(() -> consumer.seek(new TopicPartition("seek", 3), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("seek-3");
        assertThatThrownBy(() -> consumer.seek(tp, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfterEachTime() {
        createTopic("times", 2);
        append("times", 0, 1000, "a");
        append("times", 0, 2000, "b", "c");
        append("times", 0, 3000, "d");
        TopicPartition tp = new TopicPartition("times", 0);
        TopicPartition empty = new TopicPartition("times", 1);
        Consumer<String, String> consumer = consumer(b -> b);

        assertThat(consumer.offsetsForTimes(Map.of(tp, 1500L))).containsEntry(tp, new OffsetAndTimestamp(1, 2000));
        assertThat(consumer.offsetsForTimes(Map.of(tp, 0L))).containsEntry(tp, new OffsetAndTimestamp(0, 1000));
        assertThat(consumer.offsetsForTimes(Map.of(tp, 2500L))).containsEntry(tp, new OffsetAndTimestamp(3, 3000));
        Map<TopicPartition, OffsetAndTimestamp> none = consumer.offsetsForTimes(Map.of(tp, 9000L, empty, 0L));
        assertThat(none).containsOnlyKeys(tp, empty);
        assertThat(none.get(tp)).isNull();
        assertThat(none.get(empty)).isNull();

        assertThat(consumer.beginningOffsets(List.of(tp, empty))).containsEntry(tp, 0L).containsEntry(empty, 0L);
        assertThat(consumer.endOffsets(List.of(tp, empty))).containsEntry(tp, 4L).containsEntry(empty, 0L);
        assertThatThrownBy(() -> consumer.endOffsets(List.of(new TopicPartition("times", 9))))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("times-9");
        assertThatThrownBy(() -> consumer.offsetsForTimes(Map.of(tp, -5L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times-0");
    }

    @Test
    void pausedPartitionsReturnNothingAndResumedOnesContinue() {
        createTopic("pause", 2);
        TopicPartition p0 = new TopicPartition("pause", 0);
        TopicPartition p1 = new TopicPartition("pause", 1);
        append("pause", 0, "a", "b", "c");
        append("pause", 1, "x", "y", "z");
        Consumer<String, String> consumer = earliestConsumer();
        consumer.assign(List.of(p0, p1));
        consumer.pause(List.of(p0));
        assertThat(consumer.paused()).containsExactly(p0);

        List<ConsumerRecord<String, String>> whilePaused = pollUntil(consumer, 3);
        consumer.poll(Duration.ofMillis(300)).forEach(whilePaused::add);
        assertThat(whilePaused).extracting(ConsumerRecord::value).containsExactly("x", "y", "z");

        consumer.resume(List.of(p0));
        assertThat(consumer.paused()).isEmpty();
        List<ConsumerRecord<String, String>> resumed = pollUntil(consumer, 3);
        assertThat(resumed).extracting(ConsumerRecord::value).containsExactly("a", "b", "c");
        assertThat(consumer.position(p0)).isEqualTo(3);
    }

    @Test
    void aLongPollReturnsAsSoonAsDataIsAppended() throws Exception {
        createTopic("wait", 1);
        TopicPartition tp = new TopicPartition("wait", 0);
        Consumer<String, String> consumer = consumer(b -> b.fetchMaxWaitMs(20_000));
        consumer.assign(List.of(tp));
        assertThat(consumer.position(tp)).isZero();

        CompletableFuture<ConsumerRecords<String, String>> poll = CompletableFuture.supplyAsync(
                () -> consumer.poll(Duration.ofSeconds(60)), background);
        awaitPollWaiting();
        assertThat(poll).isNotDone();
        long appended = System.nanoTime();
        append("wait", 0, "hello");

        ConsumerRecords<String, String> records = poll.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended)).isLessThan(5_000);
        assertThat(records.records(tp)).extracting(ConsumerRecord::value).containsExactly("hello");
    }

    @Test
    void wakeupBreaksALongPollAndConcurrentUseIsRefused() throws Exception {
        createTopic("idle", 1);
        Consumer<String, String> consumer = consumer(b -> b);
        consumer.assign(List.of(new TopicPartition("idle", 0)));

        CompletableFuture<ConsumerRecords<String, String>> poll = CompletableFuture.supplyAsync(
                () -> consumer.poll(Duration.ofSeconds(60)), background);
        awaitPollWaiting();
        assertThatThrownBy(consumer::assignment).isInstanceOf(ConcurrentModificationException.class);
        long wokenAt = System.nanoTime();
        consumer.wakeup();

        Throwable failure = catchThrowable(() -> poll.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WakeupException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wokenAt)).isLessThan(5_000);
        assertThat(consumer.poll(Duration.ZERO)).isEmpty(); // the wakeup is used up; the consumer still works
    }

    @Test
    void anUnknownTopicOrPartitionFailsThePollQuickly() {
        createTopic("known", 1);
        Consumer<String, String> consumer = consumer(b -> b);

        for (TopicPartition missing : List.of(new TopicPartition("missing", 0), new TopicPartition("known", 4))) {
            consumer.assign(List.of(missing));
            long started = System.nanoTime();
            Throwable failure = catchThrowable(() -> consumer.poll(Duration.ofSeconds(30)));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class)
                    .hasMessageContaining(missing.toString());
            assertThat(((BrookException) failure).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void aWrongAddressFailsWithinTheTimeoutNamingTheAddress() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + unused;
        Consumer<String, String> consumer = track(Consumer.create(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer()).bootstrapServer(address).build()));
        TopicPartition tp = new TopicPartition("anything", 0);
        consumer.assign(List.of(tp));

        long started = System.nanoTime();
        Throwable failure = catchThrowable(() -> consumer.poll(Duration.ofSeconds(1)));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(failure).isInstanceOf(NetworkException.class).hasMessageContaining(address);
        assertThat(((BrookException) failure).errorCode()).isEqualTo(ErrorCode.NETWORK_EXCEPTION);

        assertThatThrownBy(() -> consumer.endOffsets(List.of(tp), Duration.ofMillis(500)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining(address);
    }

    @Test
    void consumptionContinuesAcrossABrokerRestartWithoutLossOrDuplicates() {
        createTopic("restart", 2);
        for (int p = 0; p < 2; p++) {
            append("restart", p, "r" + p + "-0", "r" + p + "-1", "r" + p + "-2", "r" + p + "-3", "r" + p + "-4");
        }
        Consumer<String, String> consumer = consumer(b -> b.autoOffsetReset(AutoOffsetReset.EARLIEST)
                .maxPollRecords(3));
        consumer.assign(List.of(new TopicPartition("restart", 0), new TopicPartition("restart", 1)));
        List<ConsumerRecord<String, String>> received = pollUntil(consumer, 4);

        int port = server.port();
        server.close();
        server = null;
        for (int i = 0; i < 3; i++) { // the broker is away: polls return what is buffered, or nothing
            consumer.poll(Duration.ofMillis(100)).forEach(received::add);
        }
        server = BrookServer.start(ServerConfig.builder().port(port).kafkaPort(0).httpPort(0).dataDir(dataDir).build());
        for (int p = 0; p < 2; p++) {
            append("restart", p, "r" + p + "-5", "r" + p + "-6", "r" + p + "-7", "r" + p + "-8", "r" + p + "-9");
        }
        received.addAll(pollUntil(consumer, 20 - received.size()));

        for (int p = 0; p < 2; p++) {
            int partition = p;
            List<String> values = received.stream().filter(r -> r.partition() == partition)
                    .map(ConsumerRecord::value).collect(Collectors.toList());
            assertThat(values).containsExactlyElementsOf(LongStream.range(0, 10).mapToObj(i -> "r" + partition + "-" + i)
                    .collect(Collectors.toList()));
        }
    }

    @Test
    void maxPollRecordsIsRespected() {
        createTopic("many", 2);
        for (int batch = 0; batch < 3; batch++) {
            append("many", 0, Stream.iterate(batch * 10, i -> i + 1).limit(10).map(String::valueOf)
                    .toArray(String[]::new));
        }
        append("many", 1, "a", "b", "c", "d", "e");
        Consumer<String, String> consumer = consumer(b -> b.autoOffsetReset(AutoOffsetReset.EARLIEST)
                .maxPollRecords(4));
        consumer.assign(List.of(new TopicPartition("many", 0), new TopicPartition("many", 1)));

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (received.size() < 35 && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            assertThat(records.count()).isLessThanOrEqualTo(4);
            records.forEach(received::add);
        }
        assertThat(offsets(received.stream().filter(r -> r.partition() == 0).collect(Collectors.toList())))
                .containsExactlyElementsOf(range(0, 30));
        assertThat(offsets(received.stream().filter(r -> r.partition() == 1).collect(Collectors.toList())))
                .containsExactlyElementsOf(range(0, 5));
    }

    @Test
    void aDamagedBatchIsReportedForItsPartitionUntilSoughtPast() throws Exception {
        createTopic("damaged", 1);
        ByteBuffer good = RecordBatchBuilder.allocate(256).append(1, null, "good".getBytes(StandardCharsets.UTF_8))
                .append(1, null, "fine".getBytes(StandardCharsets.UTF_8)).build();
        ByteBuffer bad = RecordBatchBuilder.allocate(256).append(1, null, "soon-bad".getBytes(StandardCharsets.UTF_8))
                .build();
        int goodSize = good.remaining();
        int badSize = bad.remaining();
        server.broker().append("damaged", 0, good);
        server.broker().append("damaged", 0, bad);
        server.broker().flush();
        Path log;
        try (Stream<Path> files = Files.walk(dataDir)) {
            log = files.filter(f -> f.toString().contains("damaged") && f.toString().endsWith(".log")).findFirst()
                    .orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), goodSize + badSize - 3); // a byte of "soon-bad"
        }
        Consumer<String, String> consumer = earliestConsumer();
        TopicPartition tp = new TopicPartition("damaged", 0);
        consumer.assign(List.of(tp));

        assertThat(pollUntil(consumer, 2)).extracting(ConsumerRecord::value).containsExactly("good", "fine");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> consumer.poll(PATIENCE)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("damaged-0").hasMessageContaining("offsets 2 to 2");
        }
        consumer.seek(tp, 3);
        append("damaged", 0, "after");
        assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("after");
    }

    @Test
    void aFailingDeserializerIsReportedWithTheRecordUntilSoughtPast() {
        createTopic("numbers", 1);
        ByteBuffer batch = RecordBatchBuilder.allocate(256)
                .append(1, null, ByteBuffer.allocate(4).putInt(0, 41).array())
                .append(1, null, new byte[] {1})
                .append(1, null, ByteBuffer.allocate(4).putInt(0, 43).array()).build();
        server.broker().append("numbers", 0, batch);
        Consumer<byte[], Integer> consumer = track(Consumer.create(ConsumerConfig
                .builder(Serdes.byteArrayDeserializer(), Serdes.integerDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port()).autoOffsetReset(AutoOffsetReset.EARLIEST).build()));
        TopicPartition tp = new TopicPartition("numbers", 0);
        consumer.assign(List.of(tp));

        assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly(41);
        for (int i = 0; i < 2; i++) {
            Throwable failure = catchThrowable(() -> consumer.poll(PATIENCE));
            assertThat(failure).isInstanceOf(RecordDeserializationException.class)
                    .hasMessageContaining("numbers-0").hasMessageContaining("offset 1");
            assertThat(((RecordDeserializationException) failure).offset()).isEqualTo(1);
            assertThat(((RecordDeserializationException) failure).topicPartition()).isEqualTo(tp);
        }
        assertThat(consumer.position(tp)).isEqualTo(1);
        consumer.seek(tp, 2);
        assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly(43);
    }

    @Test
    void closeIsIdempotentAndAClosedConsumerRefusesWork() {
        Consumer<String, String> consumer = consumer(b -> b);
        consumer.assign(List.of(new TopicPartition("any", 0)));
        consumer.close();
        consumer.close();
        consumer.close(Duration.ZERO);

        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(consumer::assignment).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> consumer(b -> b).poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("assign");
    }
}
