package dev.brook.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.InvalidRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordBatchTest {
    private static final long BASE_OFFSET = 1_000L;

    @Test
    void readsHeaderFieldsOfWrappedBatch() {
        RecordBatch batch = RecordBatch.wrap(sampleBatch());

        assertThat(batch.start()).isZero();
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.baseOffset()).isEqualTo(BASE_OFFSET);
        assertThat(batch.lastOffsetDelta()).isEqualTo(2);
        assertThat(batch.lastOffset()).isEqualTo(BASE_OFFSET + 2);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.baseTimestamp()).isEqualTo(100L);
        assertThat(batch.maxTimestamp()).isEqualTo(300L);
        assertThat(batch.producerId()).isEqualTo(4_000_000_000L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 7);
        assertThat(batch.baseSequence()).isEqualTo(21);
        assertThat(batch.checksum()).isEqualTo(batch.computeChecksum());
    }

    @Test
    void readsRecordsWithAbsoluteOffsetsAndTimestamps() {
        List<Record> records = records(RecordBatch.wrap(sampleBatch()));

        assertThat(records).extracting(Record::offset).containsExactly(BASE_OFFSET, BASE_OFFSET + 1, BASE_OFFSET + 2);
        assertThat(records).extracting(Record::timestamp).containsExactly(100L, 300L, 200L);
        assertThat(records.get(0).keyBytes()).isEqualTo(utf8("k1"));
        assertThat(records.get(0).headers()).containsExactly(new Header("h", utf8("hv")), new Header("n", null));
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(2).value()).isNull();
    }

    @Test
    void givesReadOnlyViewsOfKeyAndValue() {
        Record record = records(RecordBatch.wrap(sampleBatch())).get(0);

        assertThat(record.key().isReadOnly()).isTrue();
        assertThat(record.value().isReadOnly()).isTrue();
        ByteBuffer key = record.key();
        key.get();
        assertThat(record.key().remaining()).as("each call gives a fresh view").isEqualTo(2);
    }

    @Test
    void recordsReadTheSameOnceTheIteratorHasMovedPastThem() {
        RecordBatch batch = RecordBatch.wrap(sampleBatch());
        List<String> whileIterating = new ArrayList<>();
        for (Record record : batch.records()) {
            whileIterating.add(record.keySize() + ":" + text(record.keyBytes()) + "/" + record.valueSize() + ":"
                    + text(record.valueBytes()));
        }

        List<String> afterwards = new ArrayList<>();
        for (Record record : records(batch)) {
            afterwards.add(record.keySize() + ":" + text(record.keyBytes()) + "/" + record.valueSize() + ":"
                    + text(record.valueBytes()));
        }

        assertThat(afterwards).isEqualTo(whileIterating).hasSize(3);
        assertThat(whileIterating.get(1)).startsWith("-1:");
        assertThat(whileIterating.get(2)).endsWith("/-1:null");
    }

    @Test
    void aFieldLongerThanWhatIsLeftOfItsRecordIsCorrupt() {
        ByteBuffer bytes = ByteBuffer.allocate(256);
        new RecordBatchBuilder(bytes, 0L).append(0L, (byte[]) null, utf8("abc")).build();
        bytes.flip();
        // The record: length, attributes, timestamp delta 0, offset delta 0, key length -1 (0x01),
        // then the value's length, 3 (0x06), which becomes 7 (0x0e): more than "abc" and the
        // header count that follow.
        int valueLength = RecordBatch.RECORDS_OFFSET + 5;
        assertThat(bytes.get(valueLength)).isEqualTo((byte) 0x06);
        bytes.put(valueLength, (byte) 0x0e);

        assertThatThrownBy(() -> records(RecordBatch.wrap(bytes)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("claims 7 bytes but 4 remain");
    }

    @Test
    void wrapsBatchAtItsBufferPosition() {
        ByteBuffer bytes = sampleBatch();
        ByteBuffer buffer = ByteBuffer.allocate(bytes.remaining() + 10);
        buffer.position(10);
        buffer.put(bytes.duplicate());
        buffer.position(10);

        RecordBatch batch = RecordBatch.wrap(buffer);

        assertThat(batch.start()).isEqualTo(10);
        assertThat(batch.baseOffset()).isEqualTo(BASE_OFFSET);
        assertThat(batch.slice()).isEqualTo(bytes);
        batch.ensureValid();
    }

    @Test
    void readingNeverMovesTheBuffer() {
        ByteBuffer bytes = sampleBatch();
        int limit = bytes.limit();
        RecordBatch batch = RecordBatch.wrap(bytes);

        batch.ensureValid();
        records(batch);
        batch.slice();
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 5L);

        assertThat(bytes.position()).isZero();
        assertThat(bytes.limit()).isEqualTo(limit);
    }

    @Test
    void isValidAfterBuild() {
        RecordBatch batch = RecordBatch.wrap(sampleBatch());

        assertThat(batch.isValid()).isTrue();
        assertThatCode(batch::ensureValid).doesNotThrowAnyException();
    }

    /** Every single byte the CRC covers, flipped in turn, is caught. */
    @Test
    void rejectsBatchWithWrongCrc() {
        ByteBuffer bytes = sampleBatch();
        for (int i = RecordBatch.ATTRIBUTES_OFFSET; i < bytes.limit(); i++) {
            bytes.put(i, (byte) (bytes.get(i) ^ 0x01));
            RecordBatch batch = RecordBatch.wrap(bytes);

            assertThat(batch.isValid()).as("flipped byte %d", i).isFalse();
            assertThatThrownBy(batch::ensureValid)
                    .as("flipped byte %d", i)
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("CRC-32C")
                    .hasMessageContaining("at byte 0");

            bytes.put(i, (byte) (bytes.get(i) ^ 0x01));
        }
        assertThat(RecordBatch.wrap(bytes).isValid()).isTrue();
    }

    @Test
    void rejectsBatchWhoseStoredCrcIsDamaged() {
        ByteBuffer bytes = sampleBatch();
        bytes.put(RecordBatch.CRC_OFFSET + 3, (byte) (bytes.get(RecordBatch.CRC_OFFSET + 3) ^ 0x40));

        assertThat(RecordBatch.wrap(bytes).isValid()).isFalse();
        assertThatThrownBy(RecordBatch.wrap(bytes)::ensureValid)
                .isInstanceOf(CorruptRecordException.class)
                .satisfies(e -> assertThat(((CorruptRecordException) e).errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
    }

    @Test
    void changingBaseOffsetKeepsCrcValidAndShiftsRecordOffsets() {
        ByteBuffer bytes = sampleBatch();
        RecordBatch batch = RecordBatch.wrap(bytes);
        long crc = batch.checksum();

        batch.setBaseOffset(9_000_000_000L);

        assertThat(batch.baseOffset()).isEqualTo(9_000_000_000L);
        assertThat(batch.checksum()).isEqualTo(crc);
        assertThat(batch.isValid()).isTrue();
        batch.ensureValid();
        assertThat(records(batch)).extracting(Record::offset)
                .containsExactly(9_000_000_000L, 9_000_000_001L, 9_000_000_002L);
    }

    @Test
    void changingPartitionLeaderEpochKeepsCrcValid() {
        RecordBatch batch = RecordBatch.wrap(sampleBatch());

        batch.setPartitionLeaderEpoch(17);

        assertThat(batch.partitionLeaderEpoch()).isEqualTo(17);
        assertThat(batch.isValid()).isTrue();
    }

    @Test
    void logAppendTimeKeepsCrcValidAndStampsEveryRecord() {
        RecordBatch batch = RecordBatch.wrap(sampleBatch());

        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 1_700_000_000_000L);

        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(batch.baseTimestamp()).as("the create times stay in place").isEqualTo(100L);
        assertThat(batch.compressionType()).isEqualTo(CompressionType.NONE);
        assertThat(batch.isValid()).isTrue();
        batch.ensureValid();
        assertThat(records(batch)).extracting(Record::timestamp)
                .containsExactly(1_700_000_000_000L, 1_700_000_000_000L, 1_700_000_000_000L);
    }

    @Test
    void logAppendTimeOfMinusOneStillStampsEveryRecord() {
        RecordBatch batch = RecordBatch.wrap(sampleBatch());

        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, RecordBatch.NO_TIMESTAMP);

        assertThat(records(batch)).extracting(Record::timestamp)
                .containsOnly(RecordBatch.NO_TIMESTAMP);
    }

    @Test
    void settingCreateTimeBackRestoresOriginalBytes() {
        ByteBuffer original = sampleBatch();
        ByteBuffer bytes = copy(original);
        RecordBatch batch = RecordBatch.wrap(bytes);

        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 42L);
        batch.setMaxTimestamp(TimestampType.CREATE_TIME, 300L);

        assertThat(bytes).isEqualTo(original);
    }

    @Test
    void settingMaxTimestampKeepsOtherAttributeBits() {
        ByteBuffer bytes = sampleBatch();
        bytes.putShort(RecordBatch.ATTRIBUTES_OFFSET,
                (short) (RecordBatch.TRANSACTIONAL_FLAG_MASK | RecordBatch.CONTROL_FLAG_MASK));
        RecordBatch batch = RecordBatch.wrap(bytes);

        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 1L);

        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControlBatch()).isTrue();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.isValid()).isTrue();
    }

    @Test
    void wrapRejectsTruncatedBatchNamingItsPosition() {
        ByteBuffer bytes = sampleBatch();
        ByteBuffer buffer = ByteBuffer.allocate(5 + bytes.remaining() - 1);
        buffer.position(5);
        buffer.put(bytes.duplicate().limit(bytes.limit() - 1));

        assertThatThrownBy(() -> RecordBatch.wrap(buffer, 5))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("at byte 5")
                .hasMessageContaining("truncated")
                .hasMessageContaining(String.valueOf(bytes.remaining()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 11})
    void wrapRejectsBytesTooFewForLengthField(int available) {
        ByteBuffer buffer = copy(sampleBatch()).limit(available);

        assertThatThrownBy(() -> RecordBatch.wrap(buffer))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("at byte 0")
                .hasMessageContaining("truncated");
        assertThat(RecordBatch.sizeAt(buffer, 0)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, RecordBatch.RECORD_BATCH_OVERHEAD - RecordBatch.LOG_OVERHEAD - 1, -12, -1,
            Integer.MIN_VALUE})
    void wrapRejectsLengthFieldSmallerThanHeader(int lengthField) {
        ByteBuffer buffer = ByteBuffer.allocate(3 + 200);
        ByteBuffer bytes = sampleBatch();
        buffer.position(3);
        buffer.put(bytes);
        buffer.putInt(3 + RecordBatch.LENGTH_OFFSET, lengthField);

        assertThatThrownBy(() -> RecordBatch.wrap(buffer, 3))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("at byte 3")
                .hasMessageContaining("less than the 61-byte batch header");
    }

    @Test
    void wrapRejectsLengthFieldBeyondTheBuffer() {
        ByteBuffer bytes = sampleBatch();
        bytes.putInt(RecordBatch.LENGTH_OFFSET, Integer.MAX_VALUE);

        assertThatThrownBy(() -> RecordBatch.wrap(bytes))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("at byte 0")
                .hasMessageContaining("truncated");
    }

    @Test
    void wrapAcceptsBatchFollowedByMoreData() {
        ByteBuffer bytes = sampleBatch();
        ByteBuffer buffer = ByteBuffer.allocate(bytes.remaining() + 30);
        buffer.put(bytes.duplicate()).clear();

        RecordBatch batch = RecordBatch.wrap(buffer);

        assertThat(batch.sizeInBytes()).isEqualTo(bytes.remaining());
        batch.ensureValid();
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 1, 3, -1})
    void rejectsMagicOtherThanTwo(byte magic) {
        ByteBuffer bytes = sampleBatch();
        bytes.put(RecordBatch.MAGIC_OFFSET, magic);

        assertThatThrownBy(RecordBatch.wrap(bytes)::ensureValid)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("magic " + magic)
                .satisfies(e -> assertThat(((InvalidRecordException) e).errorCode()).isEqualTo(ErrorCode.INVALID_RECORD));
    }

    @Test
    void rejectsZeroRecordCount() {
        ByteBuffer bytes = sampleBatch();
        bytes.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 0);
        rewriteCrc(bytes);
        RecordBatch batch = RecordBatch.wrap(bytes);

        assertThat(batch.isValid()).as("the CRC matches; the count is the problem").isTrue();
        assertThatThrownBy(batch::ensureValid)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("holds 0 records");
    }

    @Test
    void rejectsNegativeRecordCount() {
        ByteBuffer bytes = sampleBatch();
        bytes.putInt(RecordBatch.RECORDS_COUNT_OFFSET, -3);
        rewriteCrc(bytes);

        assertThatThrownBy(RecordBatch.wrap(bytes)::ensureValid)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("holds -3 records");
    }

    @Test
    void rejectsLastOffsetDeltaBelowRecordCount() {
        ByteBuffer bytes = sampleBatch();
        bytes.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 1);
        rewriteCrc(bytes);

        assertThatThrownBy(RecordBatch.wrap(bytes)::ensureValid)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("last offset delta is 1");
    }

    @Test
    void acceptsLastOffsetDeltaAboveRecordCountAsCompactionLeavesIt() {
        ByteBuffer bytes = sampleBatch();
        bytes.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 10);
        rewriteCrc(bytes);

        assertThatCode(RecordBatch.wrap(bytes)::ensureValid).doesNotThrowAnyException();
        assertThat(RecordBatch.wrap(bytes).nextOffset()).isEqualTo(BASE_OFFSET + 11);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7})
    void rejectsUnknownCompressionCodec(int codec) {
        ByteBuffer bytes = sampleBatch();
        bytes.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) codec);
        rewriteCrc(bytes);

        assertThatThrownBy(RecordBatch.wrap(bytes)::ensureValid)
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("codec id " + codec);
    }

    @Test
    void readsGzipBatch() {
        ByteBuffer plain = sampleBatch();
        ByteBuffer gzipped = gzip(plain);
        RecordBatch batch = RecordBatch.wrap(gzipped);

        batch.ensureValid();
        assertThat(batch.compressionType()).isEqualTo(CompressionType.GZIP);
        assertThat(describe(records(batch))).isEqualTo(describe(records(RecordBatch.wrap(plain))));
    }

    @Test
    void logAppendTimeStampsRecordsOfGzipBatch() {
        RecordBatch batch = RecordBatch.wrap(gzip(sampleBatch()));

        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 77L);

        assertThat(batch.compressionType()).isEqualTo(CompressionType.GZIP);
        assertThat(batch.isValid()).isTrue();
        assertThat(records(batch)).extracting(Record::timestamp).containsExactly(77L, 77L, 77L);
    }

    @Test
    void rejectsGzipBatchWhoseDataDoesNotInflate() {
        ByteBuffer bytes = gzip(sampleBatch());
        int middle = RecordBatch.RECORDS_OFFSET + 12;
        bytes.put(middle, (byte) (bytes.get(middle) ^ 0xff));
        bytes.put(middle + 1, (byte) (bytes.get(middle + 1) ^ 0xff));
        rewriteCrc(bytes);
        RecordBatch batch = RecordBatch.wrap(bytes);

        assertThatThrownBy(() -> records(batch))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("gzip");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"SNAPPY", "LZ4", "ZSTD"})
    void refusesToReadRecordsOfOtherCodecsButStillValidatesThem(CompressionType codec) {
        ByteBuffer bytes = sampleBatch();
        bytes.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) codec.id());
        rewriteCrc(bytes);
        RecordBatch batch = RecordBatch.wrap(bytes);

        assertThatCode(batch::ensureValid).doesNotThrowAnyException();
        assertThat(batch.compressionType()).isEqualTo(codec);
        assertThatThrownBy(batch::iterator)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(codec.configName());
    }

    @Test
    void iteratorThrowsNoSuchElementAfterLastRecord() {
        Iterator<Record> records = RecordBatch.wrap(sampleBatch()).iterator();
        records.next();
        records.next();
        records.next();

        assertThat(records.hasNext()).isFalse();
        assertThatThrownBy(records::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void rejectsRecordCountLargerThanTheRecordsPresent() {
        ByteBuffer bytes = sampleBatch();
        bytes.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 4);
        bytes.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 3);
        rewriteCrc(bytes);
        Iterator<Record> records = RecordBatch.wrap(bytes).iterator();
        records.next();
        records.next();
        records.next();

        assertThatThrownBy(records::next).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void rejectsRecordCountSmallerThanTheRecordsPresent() {
        ByteBuffer bytes = sampleBatch();
        int declared = RecordBatch.wrap(bytes).recordCount() - 1;
        bytes.putInt(RecordBatch.RECORDS_COUNT_OFFSET, declared);
        bytes.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, declared - 1);
        rewriteCrc(bytes);
        Iterator<Record> records = RecordBatch.wrap(bytes).iterator();
        for (int i = 0; i < declared - 1; i++) {
            records.next();
        }

        assertThatThrownBy(records::next)
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("declares " + declared + " records");
    }

    @Test
    void rejectsRecordWhoseLengthRunsPastTheBatch() {
        ByteBuffer bytes = sampleBatch();
        // The first record's length varint: make it claim 63 bytes (zig-zag 126), more than the batch has.
        bytes.put(RecordBatch.RECORDS_OFFSET, (byte) 126);
        rewriteCrc(bytes);

        assertThatThrownBy(() -> records(RecordBatch.wrap(bytes)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("claims 63 bytes");
    }

    @Test
    void rejectsRecordWithEmptyBody() {
        ByteBuffer bytes = batchWithRecordBytes(new byte[] {0});

        assertThatThrownBy(() -> records(RecordBatch.wrap(bytes)))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void rejectsRecordWithBytesAfterItsLastField() {
        // length 8: attributes, timestamp delta 0, offset delta 0, key null, value null, 0 headers, 2 stray bytes.
        ByteBuffer bytes = batchWithRecordBytes(new byte[] {16, 0, 0, 0, 1, 1, 0, 9, 9});

        assertThatThrownBy(() -> records(RecordBatch.wrap(bytes)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("2 bytes after its last field");
    }

    @Test
    void rejectsHeaderWithNullKey() {
        // length 8: attributes, timestamp delta, offset delta, key null, value null, 1 header: key null, value null.
        ByteBuffer bytes = batchWithRecordBytes(new byte[] {16, 0, 0, 0, 1, 1, 2, 1, 1});

        assertThatThrownBy(() -> records(RecordBatch.wrap(bytes)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("null key");
    }

    @Test
    void rejectsHeaderCountLargerThanTheRecord() {
        // length 7: attributes, timestamp delta, offset delta, key null, value null, 100 headers (2-byte varint).
        ByteBuffer bytes = batchWithRecordBytes(new byte[] {14, 0, 0, 0, 1, 1, (byte) 200, 1});

        assertThatThrownBy(() -> records(RecordBatch.wrap(bytes)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("claims 100 headers");
    }

    @Test
    void rejectsKeyLongerThanTheRecord() {
        // length 7: attributes, timestamp delta, offset delta, a key claiming 50 bytes, then 3 bytes.
        ByteBuffer bytes = batchWithRecordBytes(new byte[] {14, 0, 0, 0, 100, 1, 0, 0});

        assertThatThrownBy(() -> records(RecordBatch.wrap(bytes)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("claims 50 bytes");
    }

    /**
     * Damaged record data whose CRC was recomputed (as a buggy producer would send it) must fail
     * with the named corruption exception, never with a buffer or array exception.
     */
    @Test
    void damagedRecordDataFailsOnlyWithCorruptRecordException() {
        ByteBuffer original = sampleBatch();
        SplittableRandom random = new SplittableRandom(7L);
        for (int trial = 0; trial < 5_000; trial++) {
            ByteBuffer bytes = copy(original);
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = RecordBatch.RECORDS_OFFSET + random.nextInt(bytes.limit() - RecordBatch.RECORDS_OFFSET);
                bytes.put(at, (byte) random.nextInt(256));
            }
            rewriteCrc(bytes);
            RecordBatch batch = RecordBatch.wrap(bytes);
            batch.ensureValid();

            try {
                records(batch);
            } catch (CorruptRecordException expected) {
                // the damage was noticed
            } catch (RuntimeException e) {
                throw new AssertionError("trial " + trial + " failed with " + e + " instead of a CorruptRecordException", e);
            }
        }
    }

    @Test
    void sizeAtReportsTheLengthFieldPlusOverhead() {
        ByteBuffer bytes = sampleBatch();

        assertThat(RecordBatch.sizeAt(bytes, 0)).isEqualTo(bytes.remaining());
        bytes.putInt(RecordBatch.LENGTH_OFFSET, Integer.MAX_VALUE);
        assertThat(RecordBatch.sizeAt(bytes, 0)).as("clamped, not overflowed").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void toStringNamesOffsetsAndSize() {
        RecordBatch batch = RecordBatch.wrap(sampleBatch());

        assertThat(batch.toString()).contains("baseOffset=1000", "lastOffset=1002", "records=3",
                "size=" + batch.sizeInBytes());
    }

    /** Three records: headers with a null value, a null key, a null value; timestamps out of order. */
    static ByteBuffer sampleBatch() {
        return new RecordBatchBuilder(ByteBuffer.allocate(512), BASE_OFFSET)
                .producer(4_000_000_000L, (short) 7, 21)
                .append(100L, ByteBuffer.wrap(utf8("k1")), ByteBuffer.wrap(utf8("value one")),
                        new Header("h", utf8("hv")), new Header("n", null))
                .append(300L, null, utf8("value two"))
                .append(200L, utf8("k3"), null)
                .build();
    }

    /** A one-record batch whose record section is exactly {@code recordBytes}, with a correct CRC. */
    private static ByteBuffer batchWithRecordBytes(byte[] recordBytes) {
        ByteBuffer header = RecordBatchBuilder.allocate(128).append(1L, null, null).build();
        ByteBuffer bytes = ByteBuffer.allocate(RecordBatch.RECORDS_OFFSET + recordBytes.length);
        bytes.put(header.duplicate().limit(RecordBatch.RECORDS_OFFSET)).put(recordBytes).flip();
        bytes.putInt(RecordBatch.LENGTH_OFFSET, bytes.limit() - RecordBatch.LOG_OVERHEAD);
        rewriteCrc(bytes);
        RecordBatch.wrap(bytes).ensureValid();
        return bytes;
    }

    /** The same batch with its record section gzipped, as a producer using gzip sends it. */
    static ByteBuffer gzip(ByteBuffer plain) {
        byte[] records = new byte[plain.remaining() - RecordBatch.RECORDS_OFFSET];
        plain.duplicate().position(RecordBatch.RECORDS_OFFSET).get(records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] compressed = out.toByteArray();
        ByteBuffer bytes = ByteBuffer.allocate(RecordBatch.RECORDS_OFFSET + compressed.length);
        bytes.put(plain.duplicate().limit(RecordBatch.RECORDS_OFFSET)).put(compressed).flip();
        bytes.putInt(RecordBatch.LENGTH_OFFSET, bytes.limit() - RecordBatch.LOG_OVERHEAD);
        bytes.putShort(RecordBatch.ATTRIBUTES_OFFSET,
                (short) (bytes.getShort(RecordBatch.ATTRIBUTES_OFFSET) | CompressionType.GZIP.id()));
        rewriteCrc(bytes);
        return bytes;
    }

    static void rewriteCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(RecordBatch.ATTRIBUTES_OFFSET));
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
    }

    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate()).flip();
        return copy;
    }

    private static List<Record> records(RecordBatch batch) {
        List<Record> records = new ArrayList<>();
        batch.records().forEach(records::add);
        return records;
    }

    private static List<String> describe(List<Record> records) {
        List<String> described = new ArrayList<>();
        for (Record r : records) {
            described.add(r.offset() + "/" + r.timestamp() + "/" + text(r.keyBytes()) + "/" + text(r.valueBytes())
                    + "/" + r.headers());
        }
        return described;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
