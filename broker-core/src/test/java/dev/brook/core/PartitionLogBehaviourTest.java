package dev.brook.core;

import static dev.brook.core.testing.TestBatches.batch;
import static dev.brook.core.testing.TestBatches.concat;
import static dev.brook.core.testing.TestBatches.sized;
import static dev.brook.core.testing.TestBatches.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brook.core.testing.MutableClock;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.errors.InvalidRecordException;
import dev.brook.protocol.errors.OffsetOutOfRangeException;
import dev.brook.protocol.errors.RecordTooLargeException;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment rolls, retention, validation and time look-ups, through the embedded broker. */
class PartitionLogBehaviourTest {
    private static final long START = 1_700_000_000_000L;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(START);
    private Broker broker;

    @BeforeEach
    void open() {
        broker = Broker.open(BrokerConfig.builder(dataDir).clock(clock).build());
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private List<String> segmentFiles(String topic, int partition) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("topics").resolve(topic).resolve(Integer.toString(partition)))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void segmentsRollWhenTheyReachSegmentBytes() throws IOException {
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "1000"));
        for (int i = 0; i < 10; i++) {
            broker.append("t", 0, sized(START, 300));
        }

        List<String> files = segmentFiles("t", 0);
        assertThat(files).hasSizeGreaterThan(3).first().isEqualTo("00000000000000000000.log");
        assertThat(broker.describeTopic("t").partitions().get(0).segmentCount()).isEqualTo(files.size());
        for (long offset = 0; offset < 10; offset++) {
            assertThat(broker.read("t", 0, offset, 100).records().get(0).offset()).isEqualTo(offset);
        }
        assertThat(broker.read("t", 0, 0, Integer.MAX_VALUE).records()).hasSizeLessThan(10);
    }

    @Test
    void readsCountTheRecordsOfTheWholeBatchesTheyReturn() {
        // Small segments and a dense index, so that reads start inside batches, jump by the index
        // and stop at segment ends, batch boundaries and the byte limit.
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "700")
                .withConfig(TopicConfig.INDEX_INTERVAL_BYTES, "100"));
        long offset = 0;
        for (int i = 0; i < 40; i++) {
            int records = 1 + i % 5;
            broker.append("t", 0, batch(START, "r" + i, records));
            offset += records;
        }
        assertThat(broker.describeTopic("t").partitions().get(0).segmentCount()).isGreaterThan(2);

        for (long from = 0; from < offset; from += 3) {
            for (int maxBytes : new int[] {0, 1, 150, 400, 5000}) {
                LogReadResult read = broker.read(new dev.brook.protocol.TopicPartition("t", 0), from, maxBytes,
                        maxBytes != 0);
                long inBatches = read.batches().stream().mapToLong(RecordBatch::recordCount).sum();
                assertThat(read.recordCount()).as("read from %d, up to %d bytes: %s", from, maxBytes, read)
                        .isEqualTo(inBatches);
            }
        }
        assertThat(broker.read("t", 0, offset, 1000).recordCount()).isZero();
    }

    @Test
    void segmentsRollWhenTheirRecordsSpanSegmentMs() throws IOException {
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_MS, "60000"));
        broker.append("t", 0, batch(START, "a", 1));
        broker.append("t", 0, batch(START + 60_000, "b", 1));
        assertThat(segmentFiles("t", 0)).hasSize(1);

        broker.append("t", 0, batch(START + 60_001, "c", 1));

        assertThat(segmentFiles("t", 0)).containsExactly("00000000000000000000.log", "00000000000000000002.log");
    }

    @Test
    void readsNeverCrossIntoAPartialBatchAndReturnWholeBatchesWithinMaxBytes() {
        broker.createTopic(NewTopic.of("t", 1));
        int batchSize = sized(START, 100).remaining();
        for (int i = 0; i < 20; i++) {
            broker.append("t", 0, sized(START, 100));
        }

        LogReadResult result = broker.read("t", 0, 3, batchSize * 5 + batchSize / 2);

        assertThat(result.sizeInBytes()).isEqualTo(batchSize * 5);
        assertThat(result.batches()).extracting(RecordBatch::baseOffset).containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aFirstBatchLargerThanMaxBytesIsStillReturnedUnlessTheCallerSaysOtherwise() {
        broker.createTopic(NewTopic.of("t", 1));
        broker.append("t", 0, sized(START, 5000));

        assertThat(broker.read("t", 0, 0, 10).batches()).hasSize(1);
        assertThat(broker.read(new dev.brook.protocol.TopicPartition("t", 0), 0, 10, false).isEmpty()).isTrue();
    }

    @Test
    void retentionByTimeDeletesOnlyWholeClosedSegmentsAndMovesTheStartOffset() throws IOException {
        broker.createTopic(NewTopic.of("t", 1)
                .withConfig(TopicConfig.SEGMENT_BYTES, "1000")
                .withConfig(TopicConfig.RETENTION_MS, "3600000")
                .withConfig(TopicConfig.FILE_DELETE_DELAY_MS, "0"));
        for (int i = 0; i < 6; i++) {
            broker.append("t", 0, sized(START, 400));
        }
        clock.advance(Duration.ofMinutes(30));
        for (int i = 0; i < 6; i++) {
            broker.append("t", 0, sized(clock.millis(), 400));
        }
        int segmentsBefore = segmentFiles("t", 0).size();
        assertThat(broker.deleteSegmentsPastRetention()).isZero();

        clock.advance(Duration.ofMinutes(31));
        int deleted = broker.deleteSegmentsPastRetention();

        assertThat(deleted).isPositive();
        long start = broker.logStartOffset("t", 0);
        assertThat(start).isGreaterThan(0).isLessThanOrEqualTo(6);
        assertThat(broker.read("t", 0, start, 1 << 20).records().get(0).timestamp()).isGreaterThanOrEqualTo(START);
        assertThatThrownBy(() -> broker.read("t", 0, 0, 1024))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("the log holds offsets " + start);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(segmentFiles("t", 0)).hasSize(segmentsBefore - deleted));
        assertThat(broker.logEndOffset("t", 0)).isEqualTo(12);
    }

    @Test
    void retentionByTimeNeverDeletesTheActiveSegment() throws IOException {
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.RETENTION_MS, "1000"));
        broker.append("t", 0, batch(START, "old", 3));
        clock.advance(Duration.ofHours(1));

        assertThat(broker.deleteSegmentsPastRetention()).isZero();
        assertThat(broker.read("t", 0, 0, 1024).records()).hasSize(3);
    }

    @Test
    void retentionBySizeDeletesOldSegmentsWhileTheRestStillHoldsRetentionBytes() throws IOException {
        broker.createTopic(NewTopic.of("t", 1)
                .withConfig(TopicConfig.SEGMENT_BYTES, "1000")
                .withConfig(TopicConfig.RETENTION_BYTES, "2500")
                .withConfig(TopicConfig.FILE_DELETE_DELAY_MS, "0"));
        for (int i = 0; i < 20; i++) {
            broker.append("t", 0, sized(START, 400));
        }
        assertThat(broker.describeTopic("t").partitions().get(0).sizeInBytes()).isGreaterThan(2500);

        assertThat(broker.deleteSegmentsPastRetention()).isPositive();

        // As in Kafka: a segment goes only if what remains still holds retention.bytes, so the log
        // ends up between retention.bytes and one segment more.
        PartitionDescription partition = broker.describeTopic("t").partitions().get(0);
        assertThat(partition.sizeInBytes()).isBetween(2500L, 3500L);
        assertThat(partition.logStartOffset()).isPositive();
        assertThat(partition.logEndOffset()).isEqualTo(20);
        assertThat(broker.read("t", 0, partition.logStartOffset(), 1 << 20).batches().get(0).baseOffset())
                .isEqualTo(partition.logStartOffset());
    }

    @Test
    void retentionRunsInTheBackground() {
        broker.close();
        broker = Broker.open(BrokerConfig.builder(dataDir).clock(clock).retentionCheckIntervalMs(20).build());
        broker.createTopic(NewTopic.of("t", 1)
                .withConfig(TopicConfig.SEGMENT_BYTES, "1000")
                .withConfig(TopicConfig.RETENTION_BYTES, "1000"));
        for (int i = 0; i < 10; i++) {
            broker.append("t", 0, sized(START, 400));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.logStartOffset("t", 0) > 0);
    }

    @Test
    void logAppendTimeTopicsStampTheBrokersClock() {
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));
        clock.advance(Duration.ofSeconds(5));

        AppendResult result = broker.append("t", 0, batch(42, "v", 3));

        assertThat(result.logAppendTime()).isEqualTo(START + 5000);
        RecordBatch stored = broker.read("t", 0, 0, 1024).batches().get(0);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.isValid()).isTrue();
        assertThat(broker.read("t", 0, 0, 1024).records()).extracting(Record::timestamp).containsOnly(START + 5000);
    }

    @Test
    void createTimeTopicsKeepTheProducersTimestamps() {
        broker.createTopic(NewTopic.of("t", 1));
        AppendResult result = broker.append("t", 0, batch(42, "v", 1));
        assertThat(result.logAppendTime()).isEqualTo(-1);
        assertThat(broker.read("t", 0, 0, 1024).records().get(0).timestamp()).isEqualTo(42);
    }

    @Test
    void severalBatchesInOneAppendGetConsecutiveOffsets() {
        broker.createTopic(NewTopic.of("t", 1));
        AppendResult result = broker.append("t", 0, concat(batch(1, "a", 2), batch(2, "b", 3), batch(3, "c", 1)));

        assertThat(result.baseOffset()).isZero();
        assertThat(result.lastOffset()).isEqualTo(5);
        assertThat(result.recordCount()).isEqualTo(6);
        assertThat(broker.read("t", 0, 0, 1 << 20).records()).extracting(r -> value(r) + "@" + r.offset())
                .containsExactly("a-0@0", "a-1@1", "b-0@2", "b-1@3", "b-2@4", "c-0@5");
    }

    @Test
    void badBatchesAreRefusedWithTypedErrorsAndLeaveTheLogUntouched() {
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.MAX_MESSAGE_BYTES, "2000"));
        broker.append("t", 0, batch(1, "good", 2));

        ByteBuffer corrupt = batch(1, "bad", 2);
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 0x55));
        assertThatThrownBy(() -> broker.append("t", 0, corrupt))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("CRC");

        ByteBuffer truncated = batch(1, "cut", 2);
        truncated.limit(truncated.limit() - 3);
        assertThatThrownBy(() -> broker.append("t", 0, truncated))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("partial batch");

        assertThatThrownBy(() -> broker.append("t", 0, ByteBuffer.allocate(0)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("t-0");

        assertThatThrownBy(() -> broker.append("t", 0, sized(1, 3000)))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.message.bytes=2000");

        ByteBuffer oldMagic = batch(1, "v1", 1);
        oldMagic.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> broker.append("t", 0, oldMagic))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("magic 1");

        ByteBuffer goodThenBad = concat(batch(1, "x", 1), corrupt);
        assertThatThrownBy(() -> broker.append("t", 0, goodThenBad)).isInstanceOf(CorruptRecordException.class);

        assertThatThrownBy(() -> broker.read("t", 0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes");

        assertThat(broker.logEndOffset("t", 0)).isEqualTo(2);
        assertThat(broker.append("t", 0, batch(2, "after", 1)).baseOffset()).isEqualTo(2);
        assertThat(broker.read("t", 0, 0, 1 << 20).records()).extracting(r -> value(r))
                .containsExactly("good-0", "good-1", "after-0");
    }

    @Test
    void offsetForTimestampSearchesAcrossSegments() {
        broker.createTopic(NewTopic.of("t", 1)
                .withConfig(TopicConfig.SEGMENT_BYTES, "1000")
                .withConfig(TopicConfig.INDEX_INTERVAL_BYTES, "0"));
        for (int i = 0; i < 30; i++) {
            broker.append("t", 0, sized(START + i * 10L, 200));
        }
        assertThat(broker.describeTopic("t").partitions().get(0).segmentCount()).isGreaterThan(3);

        for (int i = 0; i < 30; i++) {
            assertThat(broker.offsetForTimestamp("t", 0, START + i * 10L)).isEqualTo(i);
            assertThat(broker.offsetForTimestamp("t", 0, START + i * 10L - 5)).isEqualTo(i);
        }
        assertThat(broker.offsetForTimestamp("t", 0, START + 300)).isEqualTo(-1);
    }

    @Test
    void maxTimestampFindsTheLargestTimestampAcrossSegments() {
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "1000"));
        assertThat(broker.maxTimestamp("t", 0)).isNull();
        long[] timestamps = {START + 50, START + 10, START + 900, START + 20, START + 900, START + 30};
        for (long timestamp : timestamps) {
            broker.append("t", 0, sized(timestamp, 300));
        }
        assertThat(broker.describeTopic("t").partitions().get(0).segmentCount()).isGreaterThan(1);
        // The first batch carrying the largest timestamp, on a tie.
        assertThat(broker.maxTimestamp("t", 0)).isEqualTo(new TimestampAndOffset(START + 900, 2));
    }

    @Test
    void flushMessagesOfOneMakesEveryAppendDurableBeforeItReturns() {
        broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.FLUSH_MESSAGES, "1"));
        broker.append("t", 0, batch(1, "a", 3));
        broker.close();
        // The recovery point moves only when an fsync completes: it was checkpointed at 3.
        Map<dev.brook.protocol.TopicPartition, Long> points =
                new dev.brook.core.internal.log.RecoveryPointCheckpoint(dataDir).read();
        assertThat(points).containsEntry(new dev.brook.protocol.TopicPartition("t", 0), 3L);
        broker = Broker.open(BrokerConfig.builder(dataDir).clock(clock).build());
    }
}
