package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone broker killed with SIGKILL at random moments while an idempotent producer
 * ({@code acks=all}) writes and a consumer group commits, then started again on the same data,
 * over and over. After the last restart every acknowledged record is present exactly once and in
 * order within its partition, every batch passes its CRC (the consumer checks), the group's
 * committed offsets are the last ones acknowledged, and each restart is ready within seconds.
 *
 * <p>Run twice: with {@code flush.messages=1} (every acknowledged append is on disk) and with the
 * default flush policy (the page cache survives a process kill, so nothing acknowledged may be lost
 * either). CI runs a few kills ({@code -Dbrook.crash.kills}, default 2); the long version is
 * {@code scripts/crash-test.sh}, see docs/operations.md. The seed is {@code -Dbrook.crash.seed}.
 */
class CrashLoopIT {
    private static final int KILLS = Integer.getInteger("brook.crash.kills", 2);
    private static final long SEED = Long.getLong("brook.crash.seed", 7L);
    private static final int PARTITIONS = 3;
    private static final Duration READY_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLostWhenEveryAppendIsFlushed() throws Exception {
        crashLoop("log.flush.interval.messages=1\n");
    }

    @Test
    void nothingAcknowledgedIsLostWhenAProcessDiesWithTheDefaultFlushPolicy() throws Exception {
        crashLoop("");
    }

    private void crashLoop(String extraConfig) throws Exception {
        int port = freePort();
        int kafkaPort = freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, "data.dir=" + dir.resolve("data") + "\nport=" + port + "\nkafka.port=" + kafkaPort
                + "\nhttp.port=0\n" + extraConfig, StandardCharsets.UTF_8);
        String bootstrap = "127.0.0.1:" + kafkaPort;
        SplittableRandom random = new SplittableRandom(SEED);
        System.out.println("crash loop: " + KILLS + " kills, seed " + SEED + ", config: " + extraConfig.trim());

        Process[] broker = {start(config, kafkaPort, 0)};
        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("crash", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Load load = new Load(bootstrap);
            load.start();
            try {
                for (int kill = 1; kill <= KILLS; kill++) {
                    // Let the load run for a random while: the kill must land at arbitrary moments.
                    LockSupport.parkNanos(Duration.ofMillis(300 + random.nextInt(1_500)).toNanos());
                    broker[0].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    broker[0] = start(config, kafkaPort, kill);
                }
                // A last stretch of load after the last restart, then everything acknowledged or failed.
                LockSupport.parkNanos(Duration.ofMillis(1_000).toNanos());
            } finally {
                load.stop();
            }
            assertThat(load.failure.get()).as("the load's own failure").isNull();
            assertThat(load.acknowledged).as("records acknowledged").isNotEmpty();
            verify(bootstrap, load);
        } finally {
            // Whatever happened, no broker outlives the test (a failed check must not leak one).
            broker[0].destroy();
            if (!broker[0].waitFor(30, TimeUnit.SECONDS)) {
                broker[0].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(Path config, int kafkaPort, int generation) throws Exception {
        Path log = dir.resolve("broker-" + generation + ".out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", System.getProperty("brook.jar"), "server", "--config", config.toString());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = started + READY_WITHIN.toNanos();
        while (!accepts(kafkaPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the broker did not become ready within " + READY_WITHIN + " after start "
                        + generation + ":\n" + Files.readString(log));
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        System.out.println("start " + generation + " ready in " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms");
        return process;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Reads every partition from the beginning and checks it against what was acknowledged and committed. */
    private static void verify(String bootstrap, Load load) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("check.crcs", "true");
        Map<Integer, List<Long>> stored = new HashMap<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition("crash", p));
                stored.put(p, new ArrayList<>());
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("reading the log back").isLessThan(deadline);
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                    stored.get(record.partition()).add(Long.parseLong(record.value()));
                }
            }
        }
        for (int p = 0; p < PARTITIONS; p++) {
            List<Long> values = stored.get(p);
            for (int i = 1; i < values.size(); i++) {
                assertThat(values.get(i)).as("partition %d holds each record once, in order", p)
                        .isGreaterThan(values.get(i - 1));
            }
            Set<Long> present = Set.copyOf(values);
            for (long acked : load.acknowledged.getOrDefault(p, Set.of())) {
                assertThat(present).as("acknowledged record %d of partition %d", acked, p).contains(acked);
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("crash-group")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            // At least the last commit the broker acknowledged; at most the last one attempted, whose
            // answer a kill may have lost after the commit was stored.
            load.lastCommitted.forEach((tp, offset) -> assertThat(committed.get(tp).offset())
                    .as("committed offset of %s", tp).isBetween(offset, load.lastAttempted.get(tp)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** An idempotent producer and a committing consumer group, each on its own thread. */
    private static final class Load {
        final Map<Integer, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        final Map<TopicPartition, Long> lastCommitted = new ConcurrentHashMap<>();
        final Map<TopicPartition, Long> lastAttempted = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final String bootstrap;
        private Thread producer;
        private Thread consumer;

        Load(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        void start() {
            producer = new Thread(this::produce, "crash-producer");
            consumer = new Thread(this::consume, "crash-consumer");
            producer.start();
            consumer.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            producer.join(Duration.ofMinutes(3).toMillis());
            consumer.join(Duration.ofMinutes(1).toMillis());
        }

        private void produce() {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("acks", "all");
            props.put("enable.idempotence", "true");
            props.put("linger.ms", "2");
            props.put("request.timeout.ms", "5000");
            props.put("delivery.timeout.ms", "120000");
            props.put("reconnect.backoff.max.ms", "200");
            // A bounded backlog: with an fsync per append the broker is slow, and an unbounded one
            // would take minutes to drain at the end; records cut off by the close are not
            // acknowledged, which the check allows.
            java.util.concurrent.Semaphore outstanding = new java.util.concurrent.Semaphore(2_000);
            KafkaProducer<String, String> kafka = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
            try {
                long sequence = 0;
                while (running.get()) {
                    if (!outstanding.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    int partition = (int) (sequence % PARTITIONS);
                    long value = sequence++;
                    kafka.send(new ProducerRecord<>("crash", partition, null, Long.toString(value)), (metadata, e) -> {
                        outstanding.release();
                        if (e == null) {
                            acknowledged.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(value);
                        }
                    });
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                kafka.close(Duration.ofSeconds(30));
            }
        }

        private void consume() {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("group.id", "crash-group");
            props.put("enable.auto.commit", "false");
            props.put("auto.offset.reset", "earliest");
            props.put("session.timeout.ms", "10000");
            props.put("heartbeat.interval.ms", "500");
            props.put("default.api.timeout.ms", "10000");
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer())) {
                kafka.subscribe(List.of("crash"));
                while (running.get()) {
                    try {
                        if (!kafka.poll(Duration.ofMillis(100)).isEmpty()) {
                            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                            for (TopicPartition tp : kafka.assignment()) {
                                positions.put(tp, new OffsetAndMetadata(kafka.position(tp)));
                            }
                            positions.forEach((tp, offset) -> lastAttempted.merge(tp, offset.offset(), Math::max));
                            kafka.commitSync(positions);
                            positions.forEach((tp, offset) -> lastCommitted.put(tp, offset.offset()));
                        }
                    } catch (org.apache.kafka.common.errors.RetriableException
                            | org.apache.kafka.clients.consumer.CommitFailedException
                            | org.apache.kafka.common.errors.RebalanceInProgressException e) {
                        // The broker is down or restarting: try again; the last success stands.
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
