package dev.brook.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves that Brook's RecordBatch v2 codec and Apache Kafka's (kafka-clients, test scope only)
 * read each other's batches and write the same bytes for the same input.
 */
class KafkaRecordFormatCompatibilityTest {
    private static final long BASE_OFFSET = 1_234_567L;
    private static final long PRODUCER_ID = 98_765L;
    private static final short PRODUCER_EPOCH = 4;
    private static final int BASE_SEQUENCE = 321;
    private static final long APPEND_TIME = 1_700_000_009_999L;

    /** Keys, values and headers of every shape: null, empty, multi-byte varint lengths, UTF-8 keys. */
    private static final List<Input> INPUTS = List.of(
            new Input(1_700_000_000_000L, utf8("key-0"), utf8("value-0"),
                    new Header("trace-id", utf8("abc")), new Header("nullable", null)),
            new Input(1_700_000_000_250L, null, utf8("no key")),
            new Input(1_699_999_999_900L, utf8("tombstone"), null),
            new Input(1_700_000_001_000L, new byte[0], filled(300), new Header("clé-\u65e5\u672c", new byte[0])),
            new Input(1_700_000_000_500L, filled(130), utf8("v"), new Header("a", utf8("1")), new Header("b", utf8("2")),
                    new Header("a", null)));

    // (a) Brook writes, Kafka reads.

    @Test
    void kafkaReadsBatchBuiltByBrook() {
        ByteBuffer ours = buildOurs(INPUTS, true);

        List<MutableRecordBatch> batches = kafkaBatches(ours);

        assertThat(batches).hasSize(1);
        MutableRecordBatch batch = batches.get(0);
        assertThat(batch.isValid()).isTrue();
        assertThatCode(batch::ensureValid).doesNotThrowAnyException();
        assertThat(batch.magic()).isEqualTo(org.apache.kafka.common.record.internal.RecordBatch.MAGIC_VALUE_V2);
        assertThat(batch.baseOffset()).isEqualTo(BASE_OFFSET);
        assertThat(batch.lastOffset()).isEqualTo(BASE_OFFSET + INPUTS.size() - 1);
        assertThat(batch.countOrNull()).isEqualTo(INPUTS.size());
        assertThat(batch.sizeInBytes()).isEqualTo(ours.remaining());
        assertThat(((DefaultRecordBatch) batch).baseTimestamp()).isEqualTo(INPUTS.get(0).timestamp());
        assertThat(batch.maxTimestamp()).isEqualTo(maxTimestamp(INPUTS));
        assertThat(batch.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        assertThat((int) batch.compressionType().id).isEqualTo(CompressionType.NONE.id());
        assertThat(batch.producerId()).isEqualTo(PRODUCER_ID);
        assertThat(batch.producerEpoch()).isEqualTo(PRODUCER_EPOCH);
        assertThat(batch.baseSequence()).isEqualTo(BASE_SEQUENCE);
        assertThat(batch.lastSequence()).isEqualTo(BASE_SEQUENCE + INPUTS.size() - 1);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.checksum()).isEqualTo(RecordBatch.wrap(ours).checksum());
        assertThat(kafkaRecords(batch)).isEqualTo(expected(INPUTS, BASE_OFFSET, null));
    }

    @Test
    void kafkaReadsSeveralBatchesBuiltByBrookInOneBuffer() {
        ByteBuffer log = ByteBuffer.allocate(4096);
        new RecordBatchBuilder(log, 0L).append(1L, null, utf8("a")).append(2L, null, utf8("b")).build();
        new RecordBatchBuilder(log, 2L).append(3L, utf8("k"), utf8("c")).build();
        log.flip();

        List<MutableRecordBatch> batches = kafkaBatches(log);

        assertThat(batches).extracting(MutableRecordBatch::baseOffset).containsExactly(0L, 2L);
        assertThat(batches).extracting(MutableRecordBatch::lastOffset).containsExactly(1L, 2L);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.isValid()).isTrue());
        assertThat(MemoryRecords.readableRecords(log.duplicate()).validBytes()).isEqualTo(log.remaining());
    }

    @Test
    void kafkaDetectsCorruptionOfBatchBuiltByBrook() {
        ByteBuffer ours = buildOurs(INPUTS, true);
        ours.put(ours.limit() - 1, (byte) (ours.get(ours.limit() - 1) ^ 0x01));

        MutableRecordBatch batch = kafkaBatches(ours).get(0);

        assertThat(batch.isValid()).isFalse();
        assertThat(RecordBatch.wrap(ours).isValid()).isFalse();
    }

    // (b) Kafka writes, Brook reads.

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip"})
    void brookReadsBatchBuiltByKafka(String codec) {
        Compression compression = "gzip".equals(codec) ? Compression.gzip().build() : Compression.NONE;
        ByteBuffer kafka = buildKafkas(INPUTS, compression, true, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                RecordBatch.NO_TIMESTAMP);

        List<RecordBatch> batches = new ArrayList<>();
        Records.strictBatches(kafka).forEach(batches::add);

        assertThat(batches).hasSize(1);
        RecordBatch batch = batches.get(0);
        assertThatCode(batch::ensureValid).doesNotThrowAnyException();
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.compressionType().configName()).isEqualTo(codec);
        assertThat(batch.sizeInBytes()).isEqualTo(kafka.remaining());
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V2);
        assertThat(batch.baseOffset()).isEqualTo(BASE_OFFSET);
        assertThat(batch.lastOffset()).isEqualTo(BASE_OFFSET + INPUTS.size() - 1);
        assertThat(batch.recordCount()).isEqualTo(INPUTS.size());
        assertThat(batch.baseTimestamp()).isEqualTo(INPUTS.get(0).timestamp());
        assertThat(batch.maxTimestamp()).isEqualTo(maxTimestamp(INPUTS));
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.producerId()).isEqualTo(PRODUCER_ID);
        assertThat(batch.producerEpoch()).isEqualTo(PRODUCER_EPOCH);
        assertThat(batch.baseSequence()).isEqualTo(BASE_SEQUENCE);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(ourRecords(batch)).isEqualTo(expected(INPUTS, BASE_OFFSET, null));
    }

    @Test
    void brookReadsTransactionalAndControlBatchesBuiltByKafka() {
        MemoryRecords data = MemoryRecords.withTransactionalRecords(Compression.NONE, PRODUCER_ID, PRODUCER_EPOCH,
                BASE_SEQUENCE, new SimpleRecord(5L, utf8("k"), utf8("v")));
        MemoryRecords commit = MemoryRecords.withEndTransactionMarker(PRODUCER_ID, PRODUCER_EPOCH,
                new EndTransactionMarker(ControlRecordType.COMMIT, 3));

        RecordBatch dataBatch = RecordBatch.wrap(data.buffer().duplicate());
        RecordBatch commitBatch = RecordBatch.wrap(commit.buffer().duplicate());

        dataBatch.ensureValid();
        commitBatch.ensureValid();
        assertThat(dataBatch.isTransactional()).isTrue();
        assertThat(dataBatch.isControlBatch()).isFalse();
        assertThat(commitBatch.isTransactional()).isTrue();
        assertThat(commitBatch.isControlBatch()).isTrue();
        assertThat(commitBatch.producerId()).isEqualTo(PRODUCER_ID);
    }

    // (c) The same input gives the same bytes.

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void brookWritesTheSameBytesAsKafka(boolean idempotent) {
        ByteBuffer ours = buildOurs(INPUTS, idempotent);
        ByteBuffer kafka = buildKafkas(INPUTS, Compression.NONE, idempotent,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, RecordBatch.NO_TIMESTAMP);

        assertThat(bytes(ours)).isEqualTo(bytes(kafka));
    }

    @Test
    void brookWritesTheSameBytesAsKafkaForASingleRecordWithoutTimestamp() {
        List<Input> one = List.of(new Input(RecordBatch.NO_TIMESTAMP, null, utf8("only")));

        assertThat(bytes(buildOurs(one, false))).isEqualTo(bytes(buildKafkas(one, Compression.NONE, false,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, RecordBatch.NO_TIMESTAMP)));
    }

    // (d) Log append time.

    @Test
    void kafkaReadsLogAppendTimeStampedByBrook() {
        ByteBuffer ours = buildOurs(INPUTS, true);
        RecordBatch.wrap(ours).setMaxTimestamp(TimestampType.LOG_APPEND_TIME, APPEND_TIME);

        MutableRecordBatch batch = kafkaBatches(ours).get(0);

        assertThat(batch.isValid()).isTrue();
        batch.ensureValid();
        assertThat(batch.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(APPEND_TIME);
        assertThat(kafkaRecords(batch)).isEqualTo(expected(INPUTS, BASE_OFFSET, APPEND_TIME));
    }

    @Test
    void brookStampsLogAppendTimeExactlyAsKafkaDoes() {
        ByteBuffer ours = buildOurs(INPUTS, true);
        ByteBuffer kafka = buildKafkas(INPUTS, Compression.NONE, true,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, RecordBatch.NO_TIMESTAMP);

        RecordBatch.wrap(ours).setMaxTimestamp(TimestampType.LOG_APPEND_TIME, APPEND_TIME);
        kafkaBatches(kafka).get(0).setMaxTimestamp(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME,
                APPEND_TIME);

        assertThat(bytes(ours)).isEqualTo(bytes(kafka));
        ByteBuffer kafkaBuilt = buildKafkas(INPUTS, Compression.NONE, true,
                org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, APPEND_TIME);
        assertThat(bytes(ours)).as("Kafka's builder in LOG_APPEND_TIME mode").isEqualTo(bytes(kafkaBuilt));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip"})
    void brookReadsLogAppendTimeBatchBuiltByKafka(String codec) {
        Compression compression = "gzip".equals(codec) ? Compression.gzip().build() : Compression.NONE;
        ByteBuffer kafka = buildKafkas(INPUTS, compression, true,
                org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, APPEND_TIME);

        RecordBatch batch = RecordBatch.wrap(kafka);

        batch.ensureValid();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(APPEND_TIME);
        assertThat(ourRecords(batch)).isEqualTo(expected(INPUTS, BASE_OFFSET, APPEND_TIME));
    }

    @Test
    void bothReadLogAppendTimeOfMinusOneTheSameWay() {
        ByteBuffer ours = buildOurs(INPUTS, true);
        RecordBatch batch = RecordBatch.wrap(ours);
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, RecordBatch.NO_TIMESTAMP);

        List<Long> kafkaTimestamps = new ArrayList<>();
        kafkaBatches(ours).get(0).forEach(record -> kafkaTimestamps.add(record.timestamp()));
        List<Long> ourTimestamps = new ArrayList<>();
        batch.records().forEach(record -> ourTimestamps.add(record.timestamp()));

        assertThat(ourTimestamps).isEqualTo(kafkaTimestamps);
    }

    // Varints, the building block of both.

    @Test
    void varintsMatchKafkasEncoding() {
        SplittableRandom random = new SplittableRandom(99L);
        for (int i = 0; i < 10_000; i++) {
            int intValue = random.nextInt() >> random.nextInt(32);
            long longValue = random.nextLong() >> random.nextInt(64);

            ByteBuffer ours = ByteBuffer.allocate(Varint.MAX_INT_BYTES + Varint.MAX_LONG_BYTES);
            Varint.writeInt(intValue, ours);
            Varint.writeLong(longValue, ours);
            ByteBuffer kafka = ByteBuffer.allocate(Varint.MAX_INT_BYTES + Varint.MAX_LONG_BYTES);
            ByteUtils.writeVarint(intValue, kafka);
            ByteUtils.writeVarlong(longValue, kafka);

            assertThat(ours.flip()).isEqualTo(kafka.flip());
            assertThat(Varint.sizeOfInt(intValue)).isEqualTo(ByteUtils.sizeOfVarint(intValue));
            assertThat(Varint.sizeOfLong(longValue)).isEqualTo(ByteUtils.sizeOfVarlong(longValue));
            assertThat(Varint.readInt(kafka)).isEqualTo(intValue);
            assertThat(Varint.readLong(kafka)).isEqualTo(longValue);
        }
    }

    private static ByteBuffer buildOurs(List<Input> inputs, boolean idempotent) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(4096), BASE_OFFSET);
        if (idempotent) {
            builder.producer(PRODUCER_ID, PRODUCER_EPOCH, BASE_SEQUENCE);
        }
        for (Input input : inputs) {
            builder.append(input.timestamp(), wrapOrNull(input.key()), wrapOrNull(input.value()), input.headers());
        }
        return builder.build();
    }

    private static ByteBuffer buildKafkas(List<Input> inputs, Compression compression, boolean idempotent,
            org.apache.kafka.common.record.TimestampType timestampType, long logAppendTime) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096),
                org.apache.kafka.common.record.internal.RecordBatch.MAGIC_VALUE_V2, compression, timestampType,
                BASE_OFFSET, logAppendTime,
                idempotent ? PRODUCER_ID : RecordBatch.NO_PRODUCER_ID,
                idempotent ? PRODUCER_EPOCH : RecordBatch.NO_PRODUCER_EPOCH,
                idempotent ? BASE_SEQUENCE : RecordBatch.NO_SEQUENCE);
        for (Input input : inputs) {
            org.apache.kafka.common.header.Header[] headers = Arrays.stream(input.headers())
                    .map(h -> new RecordHeader(h.key(), h.value()))
                    .toArray(org.apache.kafka.common.header.Header[]::new);
            builder.append(input.timestamp(), input.key(), input.value(), headers);
        }
        return builder.build().buffer();
    }

    private static List<MutableRecordBatch> kafkaBatches(ByteBuffer buffer) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(buffer.duplicate()).batches().forEach(batches::add);
        return batches;
    }

    /** Kafka's view of each record, in the same shape as {@link #expected}. */
    private static List<String> kafkaRecords(MutableRecordBatch batch) {
        List<String> records = new ArrayList<>();
        for (org.apache.kafka.common.record.internal.Record record : batch) {
            record.ensureValid();
            List<Header> headers = new ArrayList<>();
            for (org.apache.kafka.common.header.Header header : record.headers()) {
                headers.add(new Header(header.key(), header.value()));
            }
            records.add(describe(record.offset(), record.timestamp(), bytesOrNull(record.key()),
                    bytesOrNull(record.value()), headers));
        }
        return records;
    }

    private static List<String> ourRecords(RecordBatch batch) {
        List<String> records = new ArrayList<>();
        for (Record record : batch.records()) {
            records.add(describe(record.offset(), record.timestamp(), record.keyBytes(), record.valueBytes(),
                    record.headers()));
        }
        return records;
    }

    private static List<String> expected(List<Input> inputs, long baseOffset, Long logAppendTime) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            records.add(describe(baseOffset + i, logAppendTime == null ? input.timestamp() : logAppendTime,
                    input.key(), input.value(), List.of(input.headers())));
        }
        return records;
    }

    private static String describe(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
        StringBuilder out = new StringBuilder()
                .append(offset).append(" @").append(timestamp)
                .append(" key=").append(key == null ? "null" : Arrays.toString(key))
                .append(" value=").append(value == null ? "null" : Arrays.toString(value))
                .append(" headers=[");
        for (Header header : headers) {
            out.append(header.key()).append('=')
                    .append(header.value() == null ? "null" : Arrays.toString(header.value())).append(' ');
        }
        return out.append(']').toString();
    }

    private static long maxTimestamp(List<Input> inputs) {
        return inputs.stream().mapToLong(Input::timestamp).max().orElseThrow();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] bytesOrNull(ByteBuffer buffer) {
        return buffer == null ? null : bytes(buffer);
    }

    private static ByteBuffer wrapOrNull(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    private record Input(long timestamp, byte[] key, byte[] value, Header... headers) {
    }
}
