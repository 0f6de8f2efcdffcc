package dev.brook.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.client.producer.internal.Murmur2;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.RecordTooLargeException;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import dev.brook.protocol.record.Header;
import dev.brook.protocol.record.Record;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer against a real broker on 127.0.0.1. */
class ProducerIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ProducerConfig.Builder<String, String> config() {
        return ProducerConfig.builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port());
    }

    private List<String> stored(String topic, int partition) {
        List<String> values = new ArrayList<>();
        long offset = 0;
        long end = server.broker().logEndOffset(topic, partition);
        while (offset < end) {
            for (Record record : server.broker().read(topic, partition, offset, 1 << 20).records()) {
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
                offset = record.offset() + 1;
            }
        }
        return values;
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void keepsPerPartitionOrderUnderBatching() throws Exception {
        server.broker().createTopic(NewTopic.of("ordered", 4));
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<String, String> producer = new Producer<>(config().batchSize(1024).lingerMs(2).build())) {
            for (int i = 0; i < 4000; i++) {
                String key = "key-" + (i % 10);
                sent.add(producer.send(new ProducerRecord<>("ordered", key, key + ":" + i)));
            }
            producer.flush();
        }
        for (CompletableFuture<RecordMetadata> future : sent) {
            assertThat(future).isCompleted();
        }
        int total = 0;
        for (int p = 0; p < 4; p++) {
            List<String> values = stored("ordered", p);
            total += values.size();
            java.util.Map<String, Integer> lastByKey = new java.util.HashMap<>();
            for (String value : values) {
                String key = value.substring(0, value.indexOf(':'));
                int sequence = Integer.parseInt(value.substring(value.indexOf(':') + 1));
                assertThat(sequence).isGreaterThan(lastByKey.getOrDefault(key, -1));
                lastByKey.put(key, sequence);
            }
        }
        assertThat(total).isEqualTo(4000);
    }

    @Test
    void keyedRecordsLandWhereKafkasPartitionerPutsThem() throws Exception {
        server.broker().createTopic(NewTopic.of("keyed", 7));
        try (Producer<String, String> producer = new Producer<>(config().build())) {
            for (int i = 0; i < 50; i++) {
                String key = "customer-" + i;
                RecordMetadata metadata = producer.send(new ProducerRecord<>("keyed", key, "v")).get(30, TimeUnit.SECONDS);
                assertThat(metadata.partition())
                        .isEqualTo(Murmur2.partitionFor(key.getBytes(StandardCharsets.UTF_8), 7));
            }
        }
    }

    @Test
    void metadataReportsOffsetsTimestampsAndHeadersArrive() throws Exception {
        server.broker().createTopic(NewTopic.of("meta", 2));
        try (Producer<String, String> producer = new Producer<>(config().lingerMs(0).build())) {
            RecordMetadata first = producer.send(new ProducerRecord<>("meta", 1, 12345L, "k", "v1",
                    List.of(new Header("trace", "abc".getBytes(StandardCharsets.UTF_8))))).get(30, TimeUnit.SECONDS);
            AtomicReference<RecordMetadata> viaCallback = new AtomicReference<>();
            producer.send(new ProducerRecord<>("meta", 1, "k", "v2"), (m, e) -> viaCallback.set(m)).get(30, TimeUnit.SECONDS);

            assertThat(first.topic()).isEqualTo("meta");
            assertThat(first.partition()).isEqualTo(1);
            assertThat(first.offset()).isZero();
            assertThat(first.timestamp()).isEqualTo(12345L);
            assertThat(viaCallback.get().offset()).isEqualTo(1);
        }
        Record stored = server.broker().read("meta", 1, 0, 1024).records().get(0);
        assertThat(stored.timestamp()).isEqualTo(12345L);
        assertThat(stored.headers()).containsExactly(new Header("trace", "abc".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keylessRecordsStickToOnePartitionPerBatch() throws Exception {
        server.broker().createTopic(NewTopic.of("sticky", 3));
        try (Producer<String, String> producer = new Producer<>(config().lingerMs(60_000).batchSize(100_000).build())) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(producer.send(new ProducerRecord<>("sticky", "v" + i)));
            }
            producer.flush();
            Set<Integer> partitions = new HashSet<>();
            for (CompletableFuture<RecordMetadata> future : sent) {
                partitions.add(future.get().partition());
            }
            assertThat(partitions).hasSize(1);
        }
    }

    @Test
    void keylessRecordsSentOneByOneStayOnAPartitionUntilABatchSizeHasGoneThere() throws Exception {
        server.broker().createTopic(NewTopic.of("sticky-uniform", 4));
        // linger.ms=0 and each record awaited: every record is a batch of its own. A partitioner
        // that moved on with every new batch would spread them over all four partitions.
        try (Producer<String, String> producer = new Producer<>(config().lingerMs(0).batchSize(16_384).build())) {
            Set<Integer> firstRecords = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                firstRecords.add(producer.send(new ProducerRecord<>("sticky-uniform", "v" + i)).get(30, TimeUnit.SECONDS)
                        .partition());
            }
            assertThat(firstRecords).hasSize(1);

            // About 2 KiB a record: a partition takes a few before the producer moves on.
            String large = "x".repeat(2_000);
            Set<Integer> all = new HashSet<>(firstRecords);
            for (int i = 0; i < 200; i++) {
                all.add(producer.send(new ProducerRecord<>("sticky-uniform", large)).get(30, TimeUnit.SECONDS).partition());
            }
            assertThat(all).hasSizeGreaterThan(1);
        }
    }

    @Test
    void acksZeroGetsNoOffsetsButDeliversAndAcksOneGetsOffsets() throws Exception {
        server.broker().createTopic(NewTopic.of("acks", 1));
        try (Producer<String, String> none = new Producer<>(config().acks(Acks.NONE).build());
                Producer<String, String> leader = new Producer<>(config().acks(Acks.LEADER).build())) {
            assertThat(none.send(new ProducerRecord<>("acks", "fire")).get(30, TimeUnit.SECONDS).offset()).isEqualTo(-1);
            none.flush();
            assertThat(leader.send(new ProducerRecord<>("acks", "ack")).get(30, TimeUnit.SECONDS).offset()).isEqualTo(1);
        }
        assertThat(stored("acks", 0)).containsExactly("fire", "ack");
    }

    @Test
    void retriesAcrossABrokerRestartWithoutLossOrReordering() throws Exception {
        server.broker().createTopic(NewTopic.of("restart", 1));
        int port = server.port();
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<String, String> producer = new Producer<>(config().lingerMs(1).batchSize(512)
                .retryBackoffMs(20).build())) {
            for (int i = 0; i < 300; i++) {
                sent.add(producer.send(new ProducerRecord<>("restart", Integer.toString(i))));
                if (i == 150) {
                    server.close();
                    server = BrookServer.start(ServerConfig.builder().port(port).kafkaPort(0).httpPort(0).dataDir(dataDir).build());
                }
            }
            producer.flush();
        }
        for (CompletableFuture<RecordMetadata> future : sent) {
            assertThat(future).isCompleted().isNotCompletedExceptionally();
        }
        // No loss and no reordering: the records appear for the first time in the order they were
        // sent. A batch whose response the restart cut off is sent again, so a duplicate of an
        // earlier record may appear (at-least-once, as without Kafka's idempotence).
        int nextNew = 0;
        for (String value : stored("restart", 0)) {
            int sequence = Integer.parseInt(value);
            if (sequence == nextNew) {
                nextNew++;
            } else {
                assertThat(sequence).as("record %d appears before record %d", nextNew, sequence).isLessThan(nextNew);
            }
        }
        assertThat(nextNew).isEqualTo(300);
    }

    @Test
    void anUnknownTopicFailsQuicklyWithItsName() throws Exception {
        try (Producer<String, String> producer = new Producer<>(config().build())) {
            Throwable failure = failureOf(producer.send(new ProducerRecord<>("no-such-topic", "x")));
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("no-such-topic");
        }
    }

    @Test
    void aRecordOverTheSizeLimitIsRefused() throws Exception {
        server.broker().createTopic(NewTopic.of("big", 1));
        try (Producer<String, String> producer = new Producer<>(config().maxRequestSize(10_000).build())) {
            Throwable failure = failureOf(producer.send(new ProducerRecord<>("big", "x".repeat(20_000))));
            assertThat(failure).isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.request.size");
        }
        server.broker().updateTopicConfig("big", java.util.Map.of("max.message.bytes", "5000"), Set.of());
        try (Producer<String, String> producer = new Producer<>(config().build())) {
            Throwable failure = failureOf(producer.send(new ProducerRecord<>("big", "y".repeat(8_000))));
            assertThat(failure).isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.message.bytes");
        }
    }

    @Test
    void aWrongAddressFailsWithinMaxBlockMsNamingTheAddress() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        ProducerConfig<String, String> config = ProducerConfig.builder(Serdes.stringSerializer(),
                Serdes.stringSerializer()).bootstrapServer("127.0.0.1:" + unused).maxBlockMs(500).build();
        try (Producer<String, String> producer = new Producer<>(config)) {
            Throwable failure = failureOf(producer.send(new ProducerRecord<>("t", "x")));
            assertThat(failure).isInstanceOf(BrookException.class).hasMessageContaining("127.0.0.1:" + unused);
        }
    }

    @Test
    void sendBlocksUpToMaxBlockMsWhenBufferMemoryIsUsedUp() throws Exception {
        server.broker().createTopic(NewTopic.of("full", 10));
        try (Producer<String, String> producer = new Producer<>(config().batchSize(1024).bufferMemory(2048)
                .lingerMs(3_600_000).maxBlockMs(200).build())) {
            producer.send(new ProducerRecord<>("full", 0, null, "a"));
            producer.send(new ProducerRecord<>("full", 1, null, "b"));
            Throwable failure = failureOf(producer.send(new ProducerRecord<>("full", 2, null, "c")));
            assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("buffer.memory");
            producer.close(Duration.ofSeconds(10));
        }
        assertThat(stored("full", 0)).containsExactly("a");
    }

    @Test
    void closeSendsWhatIsBuffered() throws Exception {
        server.broker().createTopic(NewTopic.of("closing", 1));
        CompletableFuture<RecordMetadata> pending;
        Producer<String, String> producer = new Producer<>(config().lingerMs(3_600_000).build());
        pending = producer.send(new ProducerRecord<>("closing", "last words"));
        producer.close(Duration.ofSeconds(30));
        producer.close();
        assertThat(pending.get(1, TimeUnit.SECONDS).offset()).isZero();
        assertThat(stored("closing", 0)).containsExactly("last words");
    }
}
