package dev.brook.core;

import static dev.brook.core.testing.TestBatches.batch;
import static dev.brook.core.testing.TestBatches.idempotent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.internal.log.RecoveryPointCheckpoint;
import dev.brook.protocol.errors.OutOfOrderSequenceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotent producers' state across restarts: a clean close, a crash (the data directory copied
 * while the broker has it open, as a killed process leaves it), a torn tail, and damaged or stale
 * snapshot files.
 */
class IdempotentProducerRecoveryTest {
    private static final String TOPIC = "events";

    @TempDir
    Path root;

    private Path dataDir() {
        return root.resolve("data");
    }

    private static Broker open(Path dataDir) {
        return Broker.open(BrokerConfig.builder(dataDir).build());
    }

    private Path partitionDir(Path dataDir) {
        return dataDir.resolve("topics").resolve(TOPIC).resolve("0");
    }

    private List<Path> files(Path dataDir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir(dataDir))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    /**
     * What a process killed now would leave: the files as they are, without the lock. Background
     * snapshot writes may rename or delete files during the copy, as they could during a crash.
     */
    private static Path crashCopy(Path dataDir, Path target) throws IOException {
        Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(dataDir.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().equals(".lock")) {
                    try {
                        Files.copy(file, target.resolve(dataDir.relativize(file).toString()));
                    } catch (NoSuchFileException e) {
                        // Gone since it was listed.
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return target;
    }

    private static AppendResult send(Broker broker, ProducerIdAndEpoch producer, int sequence, int count) {
        return broker.append(TOPIC, 0, idempotent(producer.producerId(), producer.epoch(), sequence, count,
                "s" + sequence));
    }

    /** Checks that the producer's last batch (sequence {@code lastSeq}, at {@code lastOffset}) is remembered. */
    private static void assertRemembers(Broker broker, ProducerIdAndEpoch producer, int lastSeq, long lastOffset) {
        AppendResult retry = send(broker, producer, lastSeq, 1);
        assertThat(retry.duplicate()).as("retry of sequence %d", lastSeq).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(lastOffset);
        long end = broker.logEndOffset(TOPIC, 0);
        assertThatThrownBy(() -> send(broker, producer, lastSeq + 2, 1))
                .isExactlyInstanceOf(OutOfOrderSequenceException.class);
        assertThat(send(broker, producer, lastSeq + 1, 1).baseOffset()).isEqualTo(end);
    }

    @Test
    void stateSurvivesACleanRestartThroughTheSnapshot() throws IOException {
        ProducerIdAndEpoch producer;
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1));
            producer = broker.initProducerId();
            for (int seq = 0; seq < 8; seq++) {
                send(broker, producer, seq, 1);
            }
        }
        assertThat(files(dataDir(), ".snapshot")).extracting(p -> p.getFileName().toString())
                .containsExactly("00000000000000000008.snapshot");

        try (Broker broker = open(dataDir())) {
            assertThat(send(broker, producer, 3, 1).duplicate()).as("an older one of the last five").isTrue();
            assertRemembers(broker, producer, 7, 7);
        }
    }

    @Test
    void stateSurvivesACrashByReplayingTheBatchHeaders() throws IOException {
        ProducerIdAndEpoch producer;
        Path crashed;
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1));
            producer = broker.initProducerId();
            for (int seq = 0; seq < 6; seq++) {
                send(broker, producer, seq, 1);
            }
            crashed = crashCopy(dataDir(), root.resolve("crashed"));
        }

        try (Broker broker = open(crashed)) {
            assertRemembers(broker, producer, 5, 5);
        }
    }

    @Test
    void aCrashAfterARestartUsesTheSnapshotAndReplaysOnlyTheTail() throws IOException {
        ProducerIdAndEpoch early;
        ProducerIdAndEpoch late;
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1));
            early = broker.initProducerId();
            send(broker, early, 0, 2);
        }
        Path crashed;
        try (Broker broker = open(dataDir())) {
            late = broker.initProducerId();
            send(broker, late, 0, 1);
            send(broker, early, 2, 1);
            crashed = crashCopy(dataDir(), root.resolve("crashed"));
        }
        assertThat(files(crashed, ".snapshot")).extracting(p -> p.getFileName().toString())
                .containsExactly("00000000000000000002.snapshot");

        try (Broker broker = open(crashed)) {
            assertRemembers(broker, early, 2, 3);
            assertRemembers(broker, late, 0, 2);
        }
    }

    @Test
    void stateSurvivesACrashAcrossSegmentRolls() throws IOException {
        List<ProducerIdAndEpoch> producers = new java.util.ArrayList<>();
        Path crashed;
        long[] lastOffsets = new long[4];
        int[] lastSeqs = new int[4];
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1).withConfig(TopicConfig.SEGMENT_BYTES, "400"));
            for (int p = 0; p < 4; p++) {
                producers.add(broker.initProducerId());
            }
            for (int round = 0; round < 12; round++) {
                for (int p = 0; p < 4; p++) {
                    lastOffsets[p] = send(broker, producers.get(p), round, 1).baseOffset();
                    lastSeqs[p] = round;
                }
            }
            assertThat(files(dataDir(), ".log")).hasSizeGreaterThan(3);
            crashed = crashCopy(dataDir(), root.resolve("crashed"));
        }

        try (Broker broker = open(crashed)) {
            for (int p = 0; p < 4; p++) {
                assertRemembers(broker, producers.get(p), lastSeqs[p], lastOffsets[p]);
            }
        }
        assertThat(files(crashed, ".snapshot")).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aTornTailIsForgottenWithTheBatchItHeld() throws IOException {
        ProducerIdAndEpoch producer;
        Path crashed;
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1));
            producer = broker.initProducerId();
            for (int seq = 0; seq < 3; seq++) {
                send(broker, producer, seq, 1);
            }
            crashed = crashCopy(dataDir(), root.resolve("crashed"));
        }
        // Half of the batch with sequence 3 reached the disk.
        ByteBuffer torn = idempotent(producer.producerId(), producer.epoch(), 3, 1, "s3");
        torn.putLong(0, 3L);
        torn.limit(torn.limit() - 5);
        Path log = files(crashed, ".log").get(0);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(torn);
        }

        try (Broker broker = open(crashed)) {
            assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(3);
            assertThat(send(broker, producer, 2, 1).duplicate()).isTrue();
            AppendResult resent = send(broker, producer, 3, 1);
            assertThat(resent.duplicate()).isFalse();
            assertThat(resent.baseOffset()).isEqualTo(3);
        }
    }

    @Test
    void aSnapshotBeyondTheRecoveredLogEndIsDeleted() throws IOException {
        ProducerIdAndEpoch producer;
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1));
            producer = broker.initProducerId();
            send(broker, producer, 0, 1);
            send(broker, producer, 1, 1);
        }
        // The disk lost the last batch, but the snapshot written at offset 2 survived.
        Path log = files(dataDir(), ".log").get(0);
        long firstBatchSize = idempotent(producer.producerId(), producer.epoch(), 0, 1, "s0").remaining();
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(firstBatchSize);
        }
        Files.delete(dataDir().resolve(".brook_clean_shutdown"));
        Files.deleteIfExists(dataDir().resolve(RecoveryPointCheckpoint.FILE_NAME));

        try (Broker broker = open(dataDir())) {
            assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(1);
            assertThat(files(dataDir(), ".snapshot")).isEmpty();
            AppendResult resent = send(broker, producer, 1, 1);
            assertThat(resent.duplicate()).isFalse();
            assertThat(resent.baseOffset()).isEqualTo(1);
        }
    }

    @Test
    void aDamagedSnapshotIsIgnoredAndTheLogReplayed() throws IOException {
        ProducerIdAndEpoch producer;
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1));
            producer = broker.initProducerId();
            send(broker, producer, 0, 4);
        }
        Path snapshot = files(dataDir(), ".snapshot").get(0);
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(snapshot, bytes);

        try (Broker broker = open(dataDir())) {
            assertThat(send(broker, producer, 0, 4).duplicate()).isTrue();
            assertThat(snapshot).doesNotExist();
        }
    }

    @Test
    void producerIdsAreNeverHandedOutTwiceAcrossCleanAndUncleanRestarts() throws IOException {
        Set<Long> seen = new HashSet<>();
        Path current = dataDir();
        for (int run = 0; run < 4; run++) {
            Path next = root.resolve("run" + run);
            try (Broker broker = open(current)) {
                for (int i = 0; i < 700; i++) {
                    assertThat(seen.add(broker.initProducerId().producerId())).isTrue();
                }
                if (run % 2 == 1) {
                    next = crashCopy(current, next);
                }
            }
            if (run % 2 == 0) {
                next = current;
            }
            current = next;
        }
        try (Broker broker = open(current)) {
            assertThat(seen).doesNotContain(broker.initProducerId().producerId());
        }
    }

    @Test
    void batchesWithoutProducersNeedNoSnapshotToReload() throws IOException {
        try (Broker broker = open(dataDir())) {
            broker.createTopic(NewTopic.of(TOPIC, 1));
            broker.append(TOPIC, 0, batch(1, "plain", 3));
        }
        for (Path snapshot : files(dataDir(), ".snapshot")) {
            Files.delete(snapshot);
        }

        try (Broker broker = open(dataDir())) {
            assertThat(broker.append(TOPIC, 0, batch(1, "plain", 3)).baseOffset()).isEqualTo(3);
        }
    }

    /** What the test expects a partition to remember of one producer. */
    private static final class ModelProducer {
        final ProducerIdAndEpoch id;
        int nextSeq;
        /** Every stored batch: {firstSeq, count, firstOffset}, oldest first. */
        final List<long[]> stored = new ArrayList<>();

        ModelProducer(ProducerIdAndEpoch id) {
            this.id = id;
        }
    }

    /**
     * Many producers append, retry, skip sequences and repeat batches older than the last five,
     * at random (seeded), while the broker is now and then closed cleanly or crashed; every
     * outcome must match what a model of Kafka's rules expects.
     */
    @Test
    void manyProducersMatchTheModelAcrossCleanRestartsAndCrashes() throws IOException {
        SplittableRandom random = new SplittableRandom(20240611L);
        Path current = dataDir();
        List<ModelProducer> producers = new ArrayList<>();
        Broker broker = open(current);
        try {
            broker.createTopic(NewTopic.of(TOPIC, 1).withConfig(TopicConfig.SEGMENT_BYTES, "2000"));
            for (int p = 0; p < 20; p++) {
                producers.add(new ModelProducer(broker.initProducerId()));
            }
            for (int op = 0; op < 3000; op++) {
                ModelProducer producer = producers.get(random.nextInt(producers.size()));
                int action = random.nextInt(100);
                int cached = Math.min(5, producer.stored.size());
                if (action < 60 || producer.stored.isEmpty()) {
                    int count = 1 + random.nextInt(3);
                    long end = broker.logEndOffset(TOPIC, 0);
                    AppendResult result = send(broker, producer.id, producer.nextSeq, count);
                    assertThat(result.duplicate()).isFalse();
                    assertThat(result.baseOffset()).isEqualTo(end);
                    producer.stored.add(new long[] {producer.nextSeq, count, end});
                    producer.nextSeq += count;
                } else if (action < 80) {
                    long[] batch = producer.stored.get(producer.stored.size() - 1 - random.nextInt(cached));
                    AppendResult result = send(broker, producer.id, (int) batch[0], (int) batch[1]);
                    assertThat(result.duplicate()).as("op %d", op).isTrue();
                    assertThat(result.baseOffset()).isEqualTo(batch[2]);
                    assertThat(result.lastOffset()).isEqualTo(batch[2] + batch[1] - 1);
                } else if (action < 90) {
                    int skip = 1 + random.nextInt(3);
                    Broker b = broker;
                    assertThatThrownBy(() -> send(b, producer.id, producer.nextSeq + skip, 1))
                            .isExactlyInstanceOf(OutOfOrderSequenceException.class);
                } else if (producer.stored.size() > 5) {
                    long[] old = producer.stored.get(random.nextInt(producer.stored.size() - 5));
                    Broker b = broker;
                    assertThatThrownBy(() -> send(b, producer.id, (int) old[0], (int) old[1]))
                            .isExactlyInstanceOf(OutOfOrderSequenceException.class);
                }
                if (op % 500 == 499) {
                    if (random.nextBoolean()) {
                        broker.close();
                    } else {
                        Path crashed = crashCopy(current, root.resolve("crash" + op));
                        broker.close();
                        current = crashed;
                    }
                    broker = open(current);
                }
            }
        } finally {
            broker.close();
        }
    }
}
