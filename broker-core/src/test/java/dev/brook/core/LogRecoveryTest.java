package dev.brook.core;

import static dev.brook.core.testing.TestBatches.batch;
import static dev.brook.core.testing.TestBatches.sized;
import static dev.brook.core.testing.TestBatches.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.internal.log.RecoveryPointCheckpoint;
import dev.brook.core.testing.TestBatches;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery: the data directory is damaged the way a crash or a bad disk would leave it, the
 * clean-shutdown marker removed, and the broker reopened.
 */
class LogRecoveryTest {
    @TempDir
    Path dataDir;

    private Broker open() {
        return Broker.open(BrokerConfig.builder(dataDir).build());
    }

    private Path partitionDir(String topic) {
        return dataDir.resolve("topics").resolve(topic).resolve("0");
    }

    private List<Path> files(String topic, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir(topic))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    /** Makes the next start treat the last run as a crash that checkpointed nothing. */
    private void forgetCleanShutdown() throws IOException {
        Files.delete(dataDir.resolve(".brook_clean_shutdown"));
        Files.deleteIfExists(dataDir.resolve(RecoveryPointCheckpoint.FILE_NAME));
    }

    private static void appendBytes(Path file, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(bytes);
        }
    }

    @Test
    void recoveryTruncatesATornTail() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1));
            for (int i = 0; i < 10; i++) {
                broker.append("t", 0, batch(i, "r" + i, 2));
            }
        }
        Path log = files("t", ".log").get(0);
        long validSize = Files.size(log);
        ByteBuffer torn = batch(99, "torn", 5);
        torn.limit(torn.limit() - 7);
        appendBytes(log, torn);
        forgetCleanShutdown();

        try (Broker broker = open()) {
            assertThat(Files.size(log)).isEqualTo(validSize);
            assertThat(broker.logEndOffset("t", 0)).isEqualTo(20);
            assertThat(broker.append("t", 0, batch(100, "after", 1)).baseOffset()).isEqualTo(20);
            List<Record> records = broker.read("t", 0, 0, 1 << 20).records();
            assertThat(records).hasSize(21);
            assertThat(value(records.get(20))).isEqualTo("after-0");
        }
    }

    @Test
    void recoveryTruncatesAtACorruptBatchInTheLastSegment() throws IOException {
        int batchSize;
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1));
            batchSize = sized(0, 100).remaining();
            for (int i = 0; i < 10; i++) {
                broker.append("t", 0, sized(i, 100));
            }
        }
        Path log = files("t", ".log").get(0);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long inBatchSeven = 7L * batchSize + RecordBatch.RECORDS_OFFSET + 20;
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, inBatchSeven);
            one.put(0, (byte) (one.get(0) ^ 0xFF)).rewind();
            channel.write(one, inBatchSeven);
        }
        forgetCleanShutdown();

        try (Broker broker = open()) {
            assertThat(broker.logEndOffset("t", 0)).isEqualTo(7);
            assertThat(Files.size(log)).isEqualTo(7L * batchSize);
            assertThat(broker.read("t", 0, 0, 1 << 20).batches()).hasSize(7).allMatch(RecordBatch::isValid);
            assertThat(broker.append("t", 0, sized(11, 100)).baseOffset()).isEqualTo(7);
        }
    }

    @Test
    void aBatchDamagedOnDiskAfterACleanShutdownIsRefusedWhenReadNeverServed() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "1000"));
            for (int i = 0; i < 10; i++) {
                broker.append("t", 0, sized(i, 300));
            }
        }
        List<Path> logs = files("t", ".log");
        Path second = logs.get(1);
        long secondBase = Long.parseLong(second.getFileName().toString().replace(".log", ""));
        // A bit flips in the value of the second segment's first batch, well inside the file.
        try (FileChannel channel = FileChannel.open(second, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, 200);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            channel.write(one, 200);
        }

        try (Broker broker = open()) {
            // A clean shutdown: nothing is recovered, so only reading can find the damage.
            assertThat(broker.logEndOffset("t", 0)).isEqualTo(10);
            assertThat(broker.read("t", 0, 0, 1).records()).extracting(Record::offset).containsExactly(0L);
            assertThatThrownBy(() -> broker.read("t", 0, secondBase, 1 << 20))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining(second.getFileName().toString())
                    .hasMessageContaining("base offset " + secondBase);
            // Refused every time, not only the first.
            assertThatThrownBy(() -> broker.read("t", 0, secondBase, 1 << 20))
                    .isInstanceOf(CorruptRecordException.class);
            // Later segments are still served.
            assertThat(broker.read("t", 0, 9, 1 << 20).records()).extracting(Record::offset).containsExactly(9L);
            assertThat(broker.read("t", 0, 9, 1 << 20).records()).extracting(Record::offset).containsExactly(9L);
        }
    }

    @Test
    void corruptionInAnEarlierSegmentDropsEverythingAfterIt() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "1000"));
            for (int i = 0; i < 10; i++) {
                broker.append("t", 0, sized(i, 300));
            }
        }
        List<Path> logs = files("t", ".log");
        assertThat(logs).hasSizeGreaterThan(3);
        Path second = logs.get(1);
        long secondBase = Long.parseLong(second.getFileName().toString().replace(".log", ""));
        appendBytes(second, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        forgetCleanShutdown();

        try (Broker broker = open()) {
            assertThat(files("t", ".log")).containsExactly(logs.get(0), second);
            long end = broker.logEndOffset("t", 0);
            assertThat(end).isGreaterThan(secondBase);
            assertThat(broker.read("t", 0, 0, 1 << 20).records()).extracting(Record::offset).startsWith(0L);
            assertThat(broker.append("t", 0, sized(50, 300)).baseOffset()).isEqualTo(end);
        }
    }

    @Test
    void aDeletedIndexIsRebuiltEvenAfterACleanShutdown() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1)
                    .withConfig(TopicConfig.SEGMENT_BYTES, "4000")
                    .withConfig(TopicConfig.INDEX_INTERVAL_BYTES, "300"));
            for (int i = 0; i < 40; i++) {
                broker.append("t", 0, sized(1000 + i, 200));
            }
        }
        Path index = files("t", ".index").get(1);
        Path timeIndex = files("t", ".timeindex").get(1);
        long indexSize = Files.size(index);
        assertThat(indexSize).isPositive();
        Files.delete(index);
        Files.delete(timeIndex);

        try (Broker broker = open()) {
            assertThat(index).exists();
            assertThat(timeIndex).exists();
            for (int i = 0; i < 40; i++) {
                assertThat(broker.read("t", 0, i, 100).batches().get(0).baseOffset()).isEqualTo(i);
                assertThat(broker.offsetForTimestamp("t", 0, 1000 + i)).isEqualTo(i);
            }
        }
        assertThat(Files.size(index)).isEqualTo(indexSize);
    }

    @Test
    void anIndexLeftPreallocatedByACrashIsRebuilt() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.INDEX_INTERVAL_BYTES, "100"));
            for (int i = 0; i < 20; i++) {
                broker.append("t", 0, sized(i, 200));
            }
        }
        Path index = files("t", ".index").get(0);
        long trimmed = Files.size(index);
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(1), 1024 * 1024 - 1);
        }

        try (Broker broker = open()) {
            for (int i = 0; i < 20; i++) {
                assertThat(broker.read("t", 0, i, 100).batches().get(0).baseOffset()).isEqualTo(i);
            }
        }
        assertThat(Files.size(index)).isEqualTo(trimmed);
    }

    @Test
    void recoveryKeepsEveryValidBatchAcrossSegments() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "2000"));
            for (int i = 0; i < 50; i++) {
                broker.append("t", 0, batch(i, "v" + i, 3));
            }
        }
        forgetCleanShutdown();

        try (Broker broker = open()) {
            assertThat(broker.logEndOffset("t", 0)).isEqualTo(150);
            List<Record> records = broker.read("t", 0, 0, Integer.MAX_VALUE).records();
            assertThat(records.get(0).offset()).isZero();
            long offset = 0;
            while (offset < 150) {
                List<Record> chunk = broker.read("t", 0, offset, 1 << 20).records();
                for (Record record : chunk) {
                    assertThat(record.offset()).isEqualTo(offset);
                    assertThat(value(record)).isEqualTo("v" + (offset / 3) + "-" + (offset % 3));
                    offset++;
                }
            }
        }
    }

    @Test
    void anAppendOnAnInterruptedThreadTakesTheLogOfflineWithoutLosingAcknowledgedData() throws Exception {
        Broker broker = open();
        broker.createTopic(NewTopic.of("t", 1));
        broker.append("t", 0, batch(1, "kept", 3));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> broker.append("t", 0, batch(2, "lost", 1)))
                    .isInstanceOf(dev.brook.protocol.errors.StorageException.class);
        } finally {
            Thread.interrupted();
        }
        assertThatThrownBy(() -> broker.append("t", 0, batch(3, "refused", 1)))
                .isInstanceOf(dev.brook.protocol.errors.StorageException.class).hasMessageContaining("offline");
        broker.close();
        assertThat(dataDir.resolve(".brook_clean_shutdown")).doesNotExist();

        try (Broker reopened = open()) {
            assertThat(reopened.read("t", 0, 0, 1 << 20).records()).extracting(r -> value(r))
                    .containsExactly("kept-0", "kept-1", "kept-2");
            assertThat(reopened.append("t", 0, batch(4, "after", 1)).baseOffset()).isEqualTo(3);
        }
    }

    @Test
    void aFullIndexRollsTheSegmentInsteadOfFailingTheAppend() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1)
                    .withConfig(TopicConfig.SEGMENT_INDEX_BYTES, "24")
                    .withConfig(TopicConfig.INDEX_INTERVAL_BYTES, "0"));
            broker.append("t", 0, batch(1, "a", 1));
            broker.append("t", 0, dev.brook.core.testing.TestBatches.concat(batch(2, "b", 1), batch(3, "c", 1),
                    batch(4, "d", 1)));
            broker.append("t", 0, batch(5, "e", 1));
        }
        try (Broker broker = open()) {
            List<String> values = new java.util.ArrayList<>();
            long offset = 0;
            while (offset < broker.logEndOffset("t", 0)) {
                for (Record record : broker.read("t", 0, offset, 1 << 20).records()) {
                    values.add(value(record));
                    offset = record.offset() + 1;
                }
            }
            assertThat(values).containsExactly("a-0", "b-0", "c-0", "d-0", "e-0");
        }
    }

    @Test
    void leftoversOfInterruptedOperationsAreCleanedUpOnStart() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1));
            broker.append("t", 0, batch(1, "v", 1));
        }
        Files.createDirectories(dataDir.resolve("topics").resolve("half-created").resolve("0"));
        Files.writeString(partitionDir("t").resolve("00000000000000000042.log.deleted"), "x");
        Files.writeString(partitionDir("t").resolve("00000000000000000077.index"), "orphan");
        Files.createDirectories(dataDir.resolve("deleted").resolve("gone-123"));

        try (Broker broker = open()) {
            assertThat(broker.listTopics()).containsExactly("t");
            assertThat(dataDir.resolve("topics").resolve("half-created")).doesNotExist();
            assertThat(partitionDir("t").resolve("00000000000000000042.log.deleted")).doesNotExist();
            assertThat(partitionDir("t").resolve("00000000000000000077.index")).doesNotExist();
            assertThat(dataDir.resolve("deleted").resolve("gone-123")).doesNotExist();
            assertThat(broker.read("t", 0, 0, 1024).records()).hasSize(1);
        }
    }

    /**
     * Topic {@code t} with offset 0 alone in its rolled first segment, whose time index holds one
     * entry, and the log synced and closed cleanly; returns that time index.
     */
    private Path firstSegmentWithOneRecordAt(long timestamp) {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "1024"));
            broker.append("t", 0, sized(timestamp, 600));
            broker.append("t", 0, sized(timestamp, 600)); // rolls
        }
        return partitionDir("t").resolve("00000000000000000000.timeindex");
    }

    @Test
    void aZeroedTimeIndexBelowTheRecoveryPointIsRebuiltSoRetentionKeepsFreshRecords() throws Exception {
        long now = System.currentTimeMillis();
        Path timeIndex = firstSegmentWithOneRecordAt(now);
        assertThat(Files.size(timeIndex)).isEqualTo(12);
        // What a power loss can leave of an index: its length on disk, its entry not. Nothing else
        // flags the segment, since the recovery point (checkpointed) is past it.
        Files.write(timeIndex, new byte[12]);
        forgetCleanShutdown();

        try (Broker broker = open()) {
            broker.deleteSegmentsPastRetention();

            assertThat(broker.logStartOffset("t", 0)).as("the record appended just now is kept").isZero();
            assertThat(broker.offsetForTimestamp("t", 0, now)).isZero();
        }
    }

    @Test
    void aTimeIndexWhoseLastEntryNamesNoBatchIsRebuilt() throws Exception {
        long now = System.currentTimeMillis();
        Path timeIndex = firstSegmentWithOneRecordAt(now);
        ByteBuffer entry = ByteBuffer.allocate(12).putLong(now - 1).putInt(0).flip(); // in order, but not the batch's
        try (FileChannel channel = FileChannel.open(timeIndex, StandardOpenOption.WRITE)) {
            channel.write(entry, 0);
        }

        try (Broker broker = open()) {
            assertThat(broker.offsetForTimestamp("t", 0, now)).isZero();
        }
        ByteBuffer rebuilt = ByteBuffer.wrap(Files.readAllBytes(timeIndex));
        assertThat(rebuilt.getLong(0)).as("the batch's own timestamp, rebuilt from the log").isEqualTo(now);
    }

    @Test
    void aSegmentsLargestTimestampSurvivesACleanRestartWhenItsTimeIndexFilledUp() {
        try (Broker broker = open()) {
            // Room for two time index entries; three batches in one append to an empty segment.
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_INDEX_BYTES, "24")
                    .withConfig(TopicConfig.INDEX_INTERVAL_BYTES, "0"));
            broker.append("t", 0, TestBatches.concat(batch(100, "a", 1), batch(200, "b", 1), batch(300, "c", 1)));
            broker.append("t", 0, batch(400, "d", 1)); // rolls: offset 3 starts the next segment
            assertThat(broker.offsetForTimestamp("t", 0, 250)).isEqualTo(2);
        }
        try (Broker broker = open()) {
            assertThat(broker.offsetForTimestamp("t", 0, 250)).as("after a clean restart").isEqualTo(2);
        }
    }

    @Test
    void deletingATopicDropsItsRecoveryPointsFromTheCheckpointAtOnce() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1));
            broker.append("t", 0, batch(1, "v", 5));
        }
        RecoveryPointCheckpoint checkpoint = new RecoveryPointCheckpoint(dataDir);
        assertThat(checkpoint.read()).containsEntry(new TopicPartition("t", 0), 5L);

        try (Broker broker = open()) {
            broker.deleteTopic("t");

            // A topic created again under the name must not, after a crash, start from the deleted
            // one's recovery point, which may lie past data of its own that was never synced.
            assertThat(checkpoint.read()).doesNotContainKey(new TopicPartition("t", 0));
        }
    }
}
