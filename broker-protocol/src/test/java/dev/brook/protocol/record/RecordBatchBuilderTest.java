package dev.brook.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordBatchBuilderTest {

    @Test
    void writesHeaderFields() {
        ByteBuffer bytes = new RecordBatchBuilder(ByteBuffer.allocate(1024), 500L)
                .producer(77L, (short) 3, 12)
                .append(1_000L, utf8("a"), utf8("1"))
                .append(3_000L, utf8("b"), utf8("2"))
                .append(2_000L, utf8("c"), utf8("3"))
                .build();

        RecordBatch batch = RecordBatch.wrap(bytes);
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V2);
        assertThat(batch.baseOffset()).isEqualTo(500L);
        assertThat(batch.lastOffsetDelta()).isEqualTo(2);
        assertThat(batch.lastOffset()).isEqualTo(502L);
        assertThat(batch.nextOffset()).isEqualTo(503L);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.baseTimestamp()).isEqualTo(1_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(3_000L);
        assertThat(batch.producerId()).isEqualTo(77L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(12);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
        assertThat(batch.attributes()).isZero();
        assertThat(batch.compressionType()).isEqualTo(CompressionType.NONE);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.sizeInBytes()).isEqualTo(bytes.remaining());
        assertThat(bytes.getInt(RecordBatch.LENGTH_OFFSET)).isEqualTo(bytes.remaining() - RecordBatch.LOG_OVERHEAD);
        assertThat(batch.isValid()).isTrue();
    }

    @Test
    void marksBatchWithoutProducerAsNotIdempotent() {
        RecordBatch batch = RecordBatch.wrap(RecordBatchBuilder.allocate(256).append(5L, null, utf8("v")).build());

        assertThat(batch.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
        assertThat(batch.producerEpoch()).isEqualTo(RecordBatch.NO_PRODUCER_EPOCH);
        assertThat(batch.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
    }

    @Test
    void readsBackKeysValuesHeadersAndAbsoluteOffsets() {
        ByteBuffer bytes = new RecordBatchBuilder(ByteBuffer.allocate(1024), 100L)
                .append(10L, ByteBuffer.wrap(utf8("k0")), ByteBuffer.wrap(utf8("v0")),
                        new Header("trace", utf8("abc")), new Header("empty", new byte[0]), new Header("gone", null))
                .append(11L, null, utf8("no key"))
                .append(12L, utf8("tombstone"), null)
                .append(13L, new byte[0], new byte[0])
                .build();

        List<Record> records = records(RecordBatch.wrap(bytes));

        assertThat(records).extracting(Record::offset).containsExactly(100L, 101L, 102L, 103L);
        assertThat(records).extracting(Record::timestamp).containsExactly(10L, 11L, 12L, 13L);
        assertThat(records.get(0).keyBytes()).isEqualTo(utf8("k0"));
        assertThat(records.get(0).valueBytes()).isEqualTo(utf8("v0"));
        assertThat(records.get(0).headers()).containsExactly(
                new Header("trace", utf8("abc")), new Header("empty", new byte[0]), new Header("gone", null));
        assertThat(records.get(0).headers().get(2).value()).isNull();
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(1).keyBytes()).isNull();
        assertThat(records.get(1).valueBytes()).isEqualTo(utf8("no key"));
        assertThat(records.get(1).headers()).isEmpty();
        assertThat(records.get(2).keyBytes()).isEqualTo(utf8("tombstone"));
        assertThat(records.get(2).value()).isNull();
        assertThat(records.get(2).valueBytes()).isNull();
        assertThat(records.get(3).keyBytes()).isEmpty();
        assertThat(records.get(3).valueBytes()).isEmpty();
    }

    @Test
    void encodesHeaderKeysAsUtf8() {
        String key = "clé-\u65e5\u672c-\uD83D\uDE80";
        ByteBuffer bytes = RecordBatchBuilder.allocate(256)
                .append(1L, null, null, new Header(key, utf8("x")))
                .build();

        Record record = records(RecordBatch.wrap(bytes)).get(0);
        assertThat(record.headers()).containsExactly(new Header(key, utf8("x")));
        assertThat(RecordBatch.wrap(bytes).isValid()).isTrue();
    }

    @Test
    void treatsNullHeaderArrayAsNoHeaders() {
        ByteBuffer bytes = RecordBatchBuilder.allocate(128).append(1L, null, null, (Header[]) null).build();

        assertThat(records(RecordBatch.wrap(bytes)).get(0).headers()).isEmpty();
    }

    @Test
    void readsKeyAndValueBetweenPositionAndLimitWithoutMovingThem() {
        ByteBuffer key = ByteBuffer.wrap(utf8("xxKEYxx"));
        key.position(2).limit(5);
        ByteBuffer value = ByteBuffer.wrap(utf8("VALUE"));

        ByteBuffer bytes = RecordBatchBuilder.allocate(128).append(1L, key, value).build();

        assertThat(key.position()).isEqualTo(2);
        assertThat(key.limit()).isEqualTo(5);
        assertThat(value.position()).isZero();
        Record record = records(RecordBatch.wrap(bytes)).get(0);
        assertThat(record.keyBytes()).isEqualTo(utf8("KEY"));
        assertThat(record.valueBytes()).isEqualTo(utf8("VALUE"));
    }

    @Test
    void writesAtTargetPositionAndLeavesPositionAfterBatch() {
        ByteBuffer target = ByteBuffer.allocate(512);
        target.position(7);
        RecordBatchBuilder builder = new RecordBatchBuilder(target, 9L).append(1L, utf8("k"), utf8("v"));

        ByteBuffer bytes = builder.build();

        assertThat(target.position()).isEqualTo(7 + bytes.remaining());
        assertThat(target.get(0)).isZero();
        RecordBatch batch = RecordBatch.wrap(target, 7);
        assertThat(batch.baseOffset()).isEqualTo(9L);
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.slice()).isEqualTo(bytes);
    }

    @Test
    void returnsBufferSharingTheTargetsBytes() {
        ByteBuffer target = ByteBuffer.allocate(256);
        ByteBuffer bytes = new RecordBatchBuilder(target, 0L).append(1L, null, utf8("v")).build();

        bytes.putLong(RecordBatch.BASE_OFFSET_OFFSET, 42L);

        assertThat(target.getLong(RecordBatch.BASE_OFFSET_OFFSET)).isEqualTo(42L);
    }

    @Test
    void countsRecordsAndBytesAsItGoes() {
        RecordBatchBuilder builder = RecordBatchBuilder.allocate(256);
        assertThat(builder.recordCount()).isZero();
        assertThat(builder.sizeInBytes()).isEqualTo(RecordBatch.RECORD_BATCH_OVERHEAD);

        builder.append(1L, utf8("k"), utf8("v")).append(2L, utf8("k"), utf8("v"));

        assertThat(builder.recordCount()).isEqualTo(2);
        int size = builder.sizeInBytes();
        assertThat(builder.build().remaining()).isEqualTo(size);
    }

    @Test
    void refusesToBuildAnEmptyBatch() {
        RecordBatchBuilder builder = RecordBatchBuilder.allocate(128);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least one record");
    }

    @Test
    void refusesToAppendAfterBuild() {
        RecordBatchBuilder builder = RecordBatchBuilder.allocate(128).append(1L, null, utf8("v"));
        builder.build();

        assertThatThrownBy(() -> builder.append(2L, null, utf8("w")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already built");
    }

    @Test
    void refusesToBuildTwice() {
        RecordBatchBuilder builder = RecordBatchBuilder.allocate(128).append(1L, null, utf8("v"));
        builder.build();

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already built");
    }

    @Test
    void rejectsTargetSmallerThanBatchHeader() {
        ByteBuffer tooSmall = ByteBuffer.allocate(RecordBatch.RECORD_BATCH_OVERHEAD - 1);

        assertThatThrownBy(() -> new RecordBatchBuilder(tooSmall, 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(RecordBatch.RECORD_BATCH_OVERHEAD));
    }

    @Test
    void rejectsRecordThatOverflowsTargetAndKeepsEarlierRecords() {
        RecordBatchBuilder builder = RecordBatchBuilder.allocate(RecordBatch.RECORD_BATCH_OVERHEAD + 20)
                .append(1L, utf8("k"), utf8("v"));
        int sizeBefore = builder.sizeInBytes();

        assertThatThrownBy(() -> builder.append(2L, utf8("key"), new byte[100]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not fit");

        assertThat(builder.sizeInBytes()).isEqualTo(sizeBefore);
        assertThat(builder.recordCount()).isEqualTo(1);
        RecordBatch batch = RecordBatch.wrap(builder.build());
        batch.ensureValid();
        assertThat(records(batch)).extracting(Record::timestamp).containsExactly(1L);
    }

    @Test
    void fitsRecordIntoExactlyEnoughRoom() {
        int recordSize = RecordBatchBuilder.allocate(256).append(1L, utf8("key"), utf8("value")).sizeInBytes()
                - RecordBatch.RECORD_BATCH_OVERHEAD;

        RecordBatchBuilder exact = RecordBatchBuilder.allocate(RecordBatch.RECORD_BATCH_OVERHEAD + recordSize);
        RecordBatchBuilder oneShort = RecordBatchBuilder.allocate(RecordBatch.RECORD_BATCH_OVERHEAD + recordSize - 1);

        assertThat(exact.hasRoomFor(1L, 3, 5)).isTrue();
        assertThat(oneShort.hasRoomFor(1L, 3, 5)).isFalse();
        exact.append(1L, utf8("key"), utf8("value"));
        assertThatThrownBy(() -> oneShort.append(1L, utf8("key"), utf8("value")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(RecordBatch.wrap(exact.build()).isValid()).isTrue();
    }

    /**
     * Fills buffers of many sizes with records of growing timestamp deltas and sizes (so that the
     * varints change length), checking before every append that hasRoomFor predicts its outcome.
     */
    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 7, 63, 64, 200})
    void hasRoomForAgreesWithWhatActuallyFits(int valueSize) {
        for (int capacity = RecordBatch.RECORD_BATCH_OVERHEAD; capacity < RecordBatch.RECORD_BATCH_OVERHEAD + 600;
                capacity += 3) {
            RecordBatchBuilder builder = RecordBatchBuilder.allocate(capacity);
            for (int i = 0; ; i++) {
                long timestamp = 1_000L + (long) i * i * 97;
                byte[] key = i % 3 == 0 ? null : new byte[i % 70];
                byte[] value = valueSize < 0 ? null : new byte[valueSize];
                boolean predicted = builder.hasRoomFor(timestamp, key == null ? -1 : key.length, valueSize);
                boolean fitted = tryAppend(builder, timestamp, key, value);
                assertThat(fitted).as("capacity %d, record %d", capacity, i).isEqualTo(predicted);
                if (!fitted) {
                    break;
                }
            }
        }
    }

    @Test
    void usesFirstRecordsTimestampAsBaseAndLargestAsMax() {
        ByteBuffer bytes = RecordBatchBuilder.allocate(256)
                .append(5_000L, null, utf8("a"))
                .append(4_000L, null, utf8("b"))
                .append(9_000L, null, utf8("c"))
                .append(6_000L, null, utf8("d"))
                .build();

        RecordBatch batch = RecordBatch.wrap(bytes);
        assertThat(batch.baseTimestamp()).isEqualTo(5_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(9_000L);
        assertThat(records(batch)).extracting(Record::timestamp).containsExactly(5_000L, 4_000L, 9_000L, 6_000L);
    }

    @Test
    void keepsNoTimestampWhenRecordsHaveNone() {
        ByteBuffer bytes = RecordBatchBuilder.allocate(256)
                .append(RecordBatch.NO_TIMESTAMP, null, utf8("a"))
                .append(RecordBatch.NO_TIMESTAMP, null, utf8("b"))
                .build();

        RecordBatch batch = RecordBatch.wrap(bytes);
        assertThat(batch.baseTimestamp()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        assertThat(batch.maxTimestamp()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        assertThat(records(batch)).extracting(Record::timestamp)
                .containsExactly(RecordBatch.NO_TIMESTAMP, RecordBatch.NO_TIMESTAMP);
    }

    private static boolean tryAppend(RecordBatchBuilder builder, long timestamp, byte[] key, byte[] value) {
        int countBefore = builder.recordCount();
        try {
            builder.append(timestamp, key, value);
            return true;
        } catch (IllegalStateException e) {
            assertThat(builder.recordCount()).isEqualTo(countBefore);
            return false;
        }
    }

    private static List<Record> records(RecordBatch batch) {
        List<Record> records = new ArrayList<>();
        batch.records().forEach(records::add);
        return records;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void tryAppendWritesTheSameBytesAsAppendOfBuffers() {
        Header[] headers = {new Header("h", utf8("x"))};
        RecordBatchBuilder arrays = new RecordBatchBuilder(ByteBuffer.allocate(256), 0L);
        assertThat(arrays.tryAppend(7L, utf8("k"), utf8("value"), headers)).isTrue();
        assertThat(arrays.tryAppend(9L, null, null)).isTrue();
        ByteBuffer built = arrays.build();

        ByteBuffer expected = new RecordBatchBuilder(ByteBuffer.allocate(256), 0L)
                .append(7L, ByteBuffer.wrap(utf8("k")), ByteBuffer.wrap(utf8("value")), headers)
                .append(9L, null, null)
                .build();
        assertThat(built).isEqualTo(expected);
    }

    @Test
    void tryAppendReturnsFalseAndWritesNothingWhenTheRecordDoesNotFit() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(RecordBatch.RECORD_BATCH_OVERHEAD + 40), 0L);
        assertThat(builder.tryAppend(1L, null, new byte[20])).isTrue();
        int size = builder.sizeInBytes();

        assertThat(builder.tryAppend(1L, null, new byte[20])).isFalse();

        assertThat(builder.sizeInBytes()).isEqualTo(size);
        assertThat(builder.recordCount()).isEqualTo(1);
        RecordBatch batch = RecordBatch.wrap(builder.build());
        assertThat(batch.recordCount()).isEqualTo(1);
    }

    @Test
    void recordsWithoutHeadersReturnAnImmutableEmptyList() {
        RecordBatch batch = RecordBatch.wrap(RecordBatchBuilder.allocate(128).append(1L, null, utf8("v")).build());

        List<Header> headers = batch.records().iterator().next().headers();

        assertThat(headers).isEmpty();
        assertThat(List.copyOf(headers)).isSameAs(headers);
    }

    @Test
    void recordsReportKeyAndValueSizesAndCopyThemWithoutMovingTheirViews() {
        RecordBatch batch = RecordBatch.wrap(RecordBatchBuilder.allocate(128)
                .append(1L, null, utf8("value")).append(2L, utf8("k"), null).build());
        java.util.Iterator<Record> records = batch.records().iterator();
        Record first = records.next();
        Record second = records.next();

        assertThat(first.keySize()).isEqualTo(-1);
        assertThat(first.valueSize()).isEqualTo(5);
        assertThat(first.valueBytes()).isEqualTo(utf8("value"));
        assertThat(first.valueBytes()).isEqualTo(utf8("value"));
        assertThat(second.keySize()).isEqualTo(1);
        assertThat(second.valueSize()).isEqualTo(-1);
        assertThat(second.keyBytes()).isEqualTo(utf8("k"));
    }
}
