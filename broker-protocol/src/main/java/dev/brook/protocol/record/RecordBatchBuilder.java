package dev.brook.protocol.record;

import static dev.brook.protocol.record.RecordBatch.ATTRIBUTES_OFFSET;
import static dev.brook.protocol.record.RecordBatch.BASE_OFFSET_OFFSET;
import static dev.brook.protocol.record.RecordBatch.BASE_SEQUENCE_OFFSET;
import static dev.brook.protocol.record.RecordBatch.BASE_TIMESTAMP_OFFSET;
import static dev.brook.protocol.record.RecordBatch.CRC_OFFSET;
import static dev.brook.protocol.record.RecordBatch.LAST_OFFSET_DELTA_OFFSET;
import static dev.brook.protocol.record.RecordBatch.LENGTH_OFFSET;
import static dev.brook.protocol.record.RecordBatch.LOG_OVERHEAD;
import static dev.brook.protocol.record.RecordBatch.MAGIC_OFFSET;
import static dev.brook.protocol.record.RecordBatch.MAGIC_V2;
import static dev.brook.protocol.record.RecordBatch.MAX_TIMESTAMP_OFFSET;
import static dev.brook.protocol.record.RecordBatch.PARTITION_LEADER_EPOCH_OFFSET;
import static dev.brook.protocol.record.RecordBatch.PRODUCER_EPOCH_OFFSET;
import static dev.brook.protocol.record.RecordBatch.PRODUCER_ID_OFFSET;
import static dev.brook.protocol.record.RecordBatch.RECORDS_COUNT_OFFSET;
import static dev.brook.protocol.record.RecordBatch.RECORD_BATCH_OVERHEAD;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes one uncompressed RecordBatch v2 into a caller's buffer, record by record, without
 * intermediate copies: each record is encoded straight into place and the header is filled in by
 * {@link #build()}.
 *
 * <pre>{@code
 * ByteBuffer batch = RecordBatchBuilder.allocate(1024)
 *         .append(System.currentTimeMillis(), "key".getBytes(UTF_8), "value".getBytes(UTF_8))
 *         .build();
 * }</pre>
 *
 * <p>The batch's base timestamp is its first record's; offsets start at the base offset given to
 * the constructor (the log overwrites it on append). Not thread-safe: one builder, one thread.
 */
public final class RecordBatchBuilder {
    private static final Header[] NO_HEADERS = new Header[0];

    private final ByteBuffer target;
    private final int start;
    private long baseOffset;
    private long baseTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private int count;
    private boolean built;

    /**
     * A builder that writes at {@code target}'s current position; {@link #build()} leaves the
     * position after the batch.
     *
     * @throws IllegalArgumentException if the buffer cannot even hold the batch header
     */
    public RecordBatchBuilder(ByteBuffer target, long baseOffset) {
        if (target.remaining() < RECORD_BATCH_OVERHEAD) {
            throw new IllegalArgumentException("buffer has " + target.remaining()
                    + " bytes left; a record batch needs at least " + RECORD_BATCH_OVERHEAD);
        }
        this.target = target;
        this.start = target.position();
        this.baseOffset = baseOffset;
        target.position(start + RECORD_BATCH_OVERHEAD);
    }

    /** A builder over a new heap buffer of {@code capacity} bytes, base offset 0. */
    public static RecordBatchBuilder allocate(int capacity) {
        return new RecordBatchBuilder(ByteBuffer.allocate(capacity), 0L);
    }

    /** Marks the batch as written by an idempotent producer. Call before {@link #build()}. */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /** Appends a record with no headers; {@code key} and {@code value} may be null. */
    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value) {
        if (!tryAppend(timestamp, key, value, NO_HEADERS)) {
            throw new IllegalStateException("a record with a " + length(key) + "-byte key and a " + length(value)
                    + "-byte value does not fit: " + target.remaining() + " bytes left in the batch buffer");
        }
        return this;
    }

    /**
     * Appends a record if it fits, copying the key and value arrays straight into the batch (no
     * buffer views are made); either may be null. This is the producer's per-record path: a full
     * batch is an expected outcome there, so it is reported by the return value, not by an
     * exception.
     *
     * @return false, appending nothing, if the buffer has no room for the record
     * @throws IllegalStateException if the batch is already built
     */
    public boolean tryAppend(long timestamp, byte[] key, byte[] value, Header... headers) {
        checkNotBuilt();
        if (headers == null) {
            headers = NO_HEADERS;
        }
        long timestampDelta = count == 0 ? 0 : timestamp - baseTimestamp;
        int bodySize = bodySize(count, timestampDelta, length(key), length(value), headers);
        if (target.remaining() < Varint.sizeOfInt(bodySize) + bodySize) {
            return false;
        }
        writeRecordStart(timestamp, timestampDelta, bodySize);
        writeBytes(key);
        writeBytes(value);
        writeHeadersAndCount(timestamp, headers);
        return true;
    }

    /**
     * Appends a record. The key and value are read from their position to their limit without
     * moving either; either may be null.
     *
     * @throws IllegalStateException if the batch is already built or the buffer has no room
     */
    public RecordBatchBuilder append(long timestamp, ByteBuffer key, ByteBuffer value, Header... headers) {
        checkNotBuilt();
        if (headers == null) {
            headers = NO_HEADERS;
        }
        long timestampDelta = count == 0 ? 0 : timestamp - baseTimestamp;
        int bodySize = bodySize(count, timestampDelta, length(key), length(value), headers);
        int needed = Varint.sizeOfInt(bodySize) + bodySize;
        if (target.remaining() < needed) {
            throw new IllegalStateException("record of " + needed + " bytes does not fit: " + target.remaining()
                    + " bytes left in the batch buffer");
        }
        writeRecordStart(timestamp, timestampDelta, bodySize);
        writeBytes(key);
        writeBytes(value);
        writeHeadersAndCount(timestamp, headers);
        return this;
    }

    private void checkNotBuilt() {
        if (built) {
            throw new IllegalStateException("the batch is already built");
        }
    }

    /** Length, attributes, timestamp delta and offset delta; the first record sets the base timestamp. */
    private void writeRecordStart(long timestamp, long timestampDelta, int bodySize) {
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        Varint.writeInt(bodySize, target);
        target.put((byte) 0);
        Varint.writeLong(timestampDelta, target);
        Varint.writeInt(count, target);
    }

    private void writeHeadersAndCount(long timestamp, Header[] headers) {
        Varint.writeInt(headers.length, target);
        for (Header header : headers) {
            byte[] headerKey = header.key().getBytes(StandardCharsets.UTF_8);
            Varint.writeInt(headerKey.length, target);
            target.put(headerKey);
            byte[] headerValue = header.value();
            if (headerValue == null) {
                Varint.writeInt(-1, target);
            } else {
                Varint.writeInt(headerValue.length, target);
                target.put(headerValue);
            }
        }
        if (timestamp > maxTimestamp || count == 0) {
            maxTimestamp = timestamp;
        }
        count++;
    }

    /** Whether a record of these sizes (headers aside) still fits in the buffer. */
    public boolean hasRoomFor(long timestamp, int keySize, int valueSize) {
        long timestampDelta = count == 0 ? 0 : timestamp - baseTimestamp;
        int body = 1 + Varint.sizeOfLong(timestampDelta) + Varint.sizeOfInt(count)
                + sizeOfField(keySize) + sizeOfField(valueSize) + 1;
        return target.remaining() >= Varint.sizeOfInt(body) + body;
    }

    /** The number of records appended so far. */
    public int recordCount() {
        return count;
    }

    /** The bytes the batch occupies so far, header included. */
    public int sizeInBytes() {
        return target.position() - start;
    }

    /**
     * Fills in the header, computes the CRC and returns a buffer over exactly the batch's bytes
     * (sharing them with the target).
     *
     * @throws IllegalStateException if no record was appended, or the batch was built already
     */
    public ByteBuffer build() {
        if (built) {
            throw new IllegalStateException("the batch is already built");
        }
        if (count == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        built = true;
        int end = target.position();
        int size = end - start;
        target.putLong(start + BASE_OFFSET_OFFSET, baseOffset);
        target.putInt(start + LENGTH_OFFSET, size - LOG_OVERHEAD);
        target.putInt(start + PARTITION_LEADER_EPOCH_OFFSET, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        target.put(start + MAGIC_OFFSET, MAGIC_V2);
        target.putShort(start + ATTRIBUTES_OFFSET, (short) 0);
        target.putInt(start + LAST_OFFSET_DELTA_OFFSET, count - 1);
        target.putLong(start + BASE_TIMESTAMP_OFFSET, baseTimestamp);
        target.putLong(start + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        target.putLong(start + PRODUCER_ID_OFFSET, producerId);
        target.putShort(start + PRODUCER_EPOCH_OFFSET, producerEpoch);
        target.putInt(start + BASE_SEQUENCE_OFFSET, baseSequence);
        target.putInt(start + RECORDS_COUNT_OFFSET, count);
        CRC32C crc = new CRC32C();
        ByteBuffer covered = target.duplicate();
        covered.limit(end).position(start + ATTRIBUTES_OFFSET);
        crc.update(covered);
        target.putInt(start + CRC_OFFSET, (int) crc.getValue());
        ByteBuffer batch = target.duplicate();
        batch.limit(end).position(start);
        return batch.slice();
    }

    private void writeBytes(ByteBuffer bytes) {
        if (bytes == null) {
            Varint.writeInt(-1, target);
        } else {
            int length = bytes.remaining();
            Varint.writeInt(length, target);
            // An absolute bulk put: neither buffer's position moves, and no view is allocated.
            target.put(target.position(), bytes, bytes.position(), length);
            target.position(target.position() + length);
        }
    }

    private void writeBytes(byte[] bytes) {
        if (bytes == null) {
            Varint.writeInt(-1, target);
        } else {
            Varint.writeInt(bytes.length, target);
            target.put(bytes);
        }
    }

    private static int length(ByteBuffer bytes) {
        return bytes == null ? -1 : bytes.remaining();
    }

    private static int length(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }

    private static int bodySize(int offsetDelta, long timestampDelta, int keyLength, int valueLength, Header[] headers) {
        int size = 1 + Varint.sizeOfLong(timestampDelta) + Varint.sizeOfInt(offsetDelta)
                + sizeOfField(keyLength)
                + sizeOfField(valueLength)
                + Varint.sizeOfInt(headers.length);
        for (Header header : headers) {
            int headerKeyLength = header.key().getBytes(StandardCharsets.UTF_8).length;
            size += Varint.sizeOfInt(headerKeyLength) + headerKeyLength;
            size += sizeOfField(header.value() == null ? -1 : header.value().length);
        }
        return size;
    }

    private static int sizeOfField(int length) {
        return length < 0 ? Varint.sizeOfInt(-1) : Varint.sizeOfInt(length) + length;
    }
}
