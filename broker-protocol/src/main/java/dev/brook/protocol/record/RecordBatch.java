package dev.brook.protocol.record;

import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.errors.InvalidRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * A view of one record batch in the Apache Kafka RecordBatch v2 (magic 2) layout, over bytes held
 * in a {@link ByteBuffer}. This is the unit that producers send, the log stores and consumers
 * fetch, byte for byte the same everywhere.
 *
 * <pre>
 *  offset  size  field
 *       0     8  baseOffset            the first record's offset; assigned by the log on append
 *       8     4  batchLength           bytes that follow this field (total size - 12)
 *      12     4  partitionLeaderEpoch
 *      16     1  magic                 always 2
 *      17     4  crc                   CRC-32C of bytes 21 to the end of the batch
 *      21     2  attributes            bits 0-2 compression, 3 timestamp type,
 *                                      4 transactional, 5 control
 *      23     4  lastOffsetDelta       offset of the last record relative to baseOffset
 *      27     8  baseTimestamp         timestamp of the first record
 *      35     8  maxTimestamp          largest timestamp in the batch (the append time
 *                                      for LOG_APPEND_TIME batches)
 *      43     8  producerId            -1 when not idempotent
 *      51     2  producerEpoch
 *      53     4  baseSequence
 *      57     4  recordCount
 *      61     .  records               varint-encoded, see below
 * </pre>
 *
 * Each record: {@code length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
 * keyLength varint (-1 for null), key, valueLength varint (-1 for null), value, headerCount varint,
 * then per header keyLength varint, key (UTF-8), valueLength varint, value}.
 *
 * <p>The CRC does not cover the base offset or the leader epoch, so the log can assign offsets
 * without recomputing it; changing the timestamp type or max timestamp does recompute it.
 *
 * <p>The view reads and writes the buffer with absolute gets and puts and never moves its position
 * or limit. It is not thread-safe; concurrent readers of the same bytes each take their own view.
 */
public final class RecordBatch {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int BASE_OFFSET_LENGTH = 8;
    public static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + BASE_OFFSET_LENGTH;
    public static final int LENGTH_LENGTH = 4;
    /** Bytes before {@code batchLength} starts counting: the base offset and the length itself. */
    public static final int LOG_OVERHEAD = LENGTH_OFFSET + LENGTH_LENGTH;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = LOG_OVERHEAD;
    public static final int PARTITION_LEADER_EPOCH_LENGTH = 4;
    public static final int MAGIC_OFFSET = PARTITION_LEADER_EPOCH_OFFSET + PARTITION_LEADER_EPOCH_LENGTH;
    public static final int MAGIC_LENGTH = 1;
    public static final int CRC_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int CRC_LENGTH = 4;
    public static final int ATTRIBUTES_OFFSET = CRC_OFFSET + CRC_LENGTH;
    public static final int ATTRIBUTES_LENGTH = 2;
    public static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + ATTRIBUTES_LENGTH;
    public static final int LAST_OFFSET_DELTA_LENGTH = 4;
    public static final int BASE_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + LAST_OFFSET_DELTA_LENGTH;
    public static final int BASE_TIMESTAMP_LENGTH = 8;
    public static final int MAX_TIMESTAMP_OFFSET = BASE_TIMESTAMP_OFFSET + BASE_TIMESTAMP_LENGTH;
    public static final int MAX_TIMESTAMP_LENGTH = 8;
    public static final int PRODUCER_ID_OFFSET = MAX_TIMESTAMP_OFFSET + MAX_TIMESTAMP_LENGTH;
    public static final int PRODUCER_ID_LENGTH = 8;
    public static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + PRODUCER_ID_LENGTH;
    public static final int PRODUCER_EPOCH_LENGTH = 2;
    public static final int BASE_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + PRODUCER_EPOCH_LENGTH;
    public static final int BASE_SEQUENCE_LENGTH = 4;
    public static final int RECORDS_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + BASE_SEQUENCE_LENGTH;
    public static final int RECORDS_COUNT_LENGTH = 4;
    public static final int RECORDS_OFFSET = RECORDS_COUNT_OFFSET + RECORDS_COUNT_LENGTH;
    /** The size of the batch header: a batch is never smaller than this. */
    public static final int RECORD_BATCH_OVERHEAD = RECORDS_OFFSET;

    public static final byte MAGIC_V2 = 2;
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    static final int COMPRESSION_CODEC_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    static final int CONTROL_FLAG_MASK = 0x20;

    private final ByteBuffer buffer;
    private final int start;

    private RecordBatch(ByteBuffer buffer, int start) {
        this.buffer = buffer;
        this.start = start;
    }

    /**
     * A view of the batch that starts at {@code buffer}'s position. Checks only that the header and
     * the whole batch its length field claims lie within the buffer's limit; {@link #ensureValid()}
     * checks the rest.
     *
     * @throws CorruptRecordException if the bytes cannot hold the batch they announce
     */
    public static RecordBatch wrap(ByteBuffer buffer) {
        return wrap(buffer, buffer.position());
    }

    /** A view of the batch at absolute index {@code start} of {@code buffer}; see {@link #wrap(ByteBuffer)}. */
    public static RecordBatch wrap(ByteBuffer buffer, int start) {
        int available = buffer.limit() - start;
        if (available < LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch at byte " + start + " is truncated: only "
                    + available + " bytes left, fewer than the " + LOG_OVERHEAD + " of its offset and length fields");
        }
        int size = sizeAt(buffer, start);
        if (size < RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("record batch at byte " + start + " claims a size of " + size
                    + " bytes, less than the " + RECORD_BATCH_OVERHEAD + "-byte batch header");
        }
        if (size > available) {
            throw new CorruptRecordException("record batch at byte " + start + " is truncated: it claims "
                    + size + " bytes but only " + available + " are present");
        }
        return new RecordBatch(buffer, start);
    }

    /**
     * The total size of the batch whose header starts at {@code start}, as its length field says
     * (base offset and length field included), or -1 when fewer than {@link #LOG_OVERHEAD} bytes
     * are present. The value is not checked: it may be negative or huge for damaged data.
     */
    public static int sizeAt(ByteBuffer buffer, int start) {
        if (buffer.limit() - start < LOG_OVERHEAD) {
            return -1;
        }
        long size = (long) buffer.getInt(start + LENGTH_OFFSET) + LOG_OVERHEAD;
        return size > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) size;
    }

    /** The buffer this view reads. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The absolute index in {@link #buffer()} where the batch starts. */
    public int start() {
        return start;
    }

    /** The whole batch's size in bytes, header included. */
    public int sizeInBytes() {
        return buffer.getInt(start + LENGTH_OFFSET) + LOG_OVERHEAD;
    }

    public long baseOffset() {
        return buffer.getLong(start + BASE_OFFSET_OFFSET);
    }

    /** The offset of the last record: {@code baseOffset + lastOffsetDelta}. */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset that follows this batch. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(start + MAGIC_OFFSET);
    }

    /** The stored checksum, as an unsigned 32-bit value. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(start + CRC_OFFSET));
    }

    public short attributes() {
        return buffer.getShort(start + ATTRIBUTES_OFFSET);
    }

    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_CODEC_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public long baseTimestamp() {
        return buffer.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    public int recordCount() {
        return buffer.getInt(start + RECORDS_COUNT_OFFSET);
    }

    /** Whether the stored checksum matches the bytes it covers. */
    public boolean isValid() {
        return sizeInBytes() >= RECORD_BATCH_OVERHEAD && checksum() == computeChecksum();
    }

    /** The CRC-32C of the bytes from the attributes to the end of the batch. */
    public long computeChecksum() {
        CRC32C crc = new CRC32C();
        ByteBuffer covered = buffer.duplicate();
        covered.limit(start + sizeInBytes()).position(start + ATTRIBUTES_OFFSET);
        crc.update(covered);
        return crc.getValue();
    }

    /**
     * Checks what the log requires before it stores a batch: magic 2, a matching CRC, a record
     * count of at least one that agrees with the last offset delta (for uncompressed batches),
     * and a known compression codec.
     *
     * @throws CorruptRecordException if the bytes are damaged
     * @throws InvalidRecordException if the batch is well formed but not acceptable
     */
    public void ensureValid() {
        byte magic = magic();
        if (magic != MAGIC_V2) {
            throw new InvalidRecordException("record batch at byte " + start + " has magic " + magic
                    + "; only the v2 format (magic 2) is supported");
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException(String.format(
                    "record batch at byte %d (base offset %d) failed its CRC-32C check: stored 0x%08x, computed 0x%08x",
                    start, baseOffset(), stored, computed));
        }
        compressionType();
        int count = recordCount();
        if (count <= 0) {
            throw new InvalidRecordException("record batch at byte " + start + " holds " + count
                    + " records; a batch must hold at least one");
        }
        int lastDelta = lastOffsetDelta();
        if (lastDelta < count - 1) {
            throw new InvalidRecordException("record batch at byte " + start + " holds " + count
                    + " records but its last offset delta is " + lastDelta);
        }
    }

    /** Overwrites the base offset; the CRC does not cover it. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(start + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Overwrites the partition leader epoch; the CRC does not cover it. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(start + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp type and max timestamp and recomputes the CRC. The log uses it to stamp
     * {@link TimestampType#LOG_APPEND_TIME}: every record of such a batch reads as {@code maxTimestamp}.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        int attributes = attributes() & ~TIMESTAMP_TYPE_MASK;
        if (type == TimestampType.LOG_APPEND_TIME) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        buffer.putShort(start + ATTRIBUTES_OFFSET, (short) attributes);
        buffer.putLong(start + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putInt(start + CRC_OFFSET, (int) computeChecksum());
    }

    /** A buffer over exactly this batch's bytes, sharing them. */
    public ByteBuffer slice() {
        ByteBuffer dup = buffer.duplicate();
        dup.limit(start + sizeInBytes()).position(start);
        return dup.slice();
    }

    /**
     * The records of this batch with absolute offsets and timestamps. Uncompressed batches are
     * read in place; gzip batches are inflated into a new heap buffer first. Other codecs need the
     * client's codec support and are refused here.
     *
     * @throws CorruptRecordException if a record's encoding is damaged
     * @throws UnsupportedOperationException for snappy, lz4 and zstd batches
     */
    public Iterator<Record> iterator() {
        ByteBuffer records = recordsData();
        return new RecordIterator(records, baseOffset(), baseTimestamp(),
                timestampType() == TimestampType.LOG_APPEND_TIME, maxTimestamp(), recordCount());
    }

    /** The records as an {@link Iterable}, for use in a for-each loop. */
    public Iterable<Record> records() {
        return this::iterator;
    }

    private ByteBuffer recordsData() {
        ByteBuffer data = buffer.duplicate();
        data.limit(start + sizeInBytes()).position(start + RECORDS_OFFSET);
        CompressionType compression = compressionType();
        switch (compression) {
            case NONE:
                return data.slice();
            case GZIP:
                return gunzip(data);
            default:
                throw new UnsupportedOperationException("reading the records of a " + compression.configName()
                        + "-compressed batch is not supported here; the batch can still be stored and served as it is");
        }
    }

    private ByteBuffer gunzip(ByteBuffer compressed) {
        try (InputStream in = new GZIPInputStream(new ByteBufferInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.remaining() * 4);
            in.transferTo(out);
            return ByteBuffer.wrap(out.toByteArray());
        } catch (IOException e) {
            throw new CorruptRecordException("gzip data of record batch at offset " + baseOffset()
                    + " cannot be inflated: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", records=" + recordCount()
                + ", size=" + sizeInBytes() + ", compression=" + compressionType() + ", timestampType=" + timestampType()
                + ", maxTimestamp=" + maxTimestamp() + ")";
    }

    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer source;

        ByteBufferInputStream(ByteBuffer source) {
            this.source = source;
        }

        @Override
        public int read() {
            return source.hasRemaining() ? source.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] bytes, int off, int len) {
            if (!source.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, source.remaining());
            source.get(bytes, off, n);
            return n;
        }
    }

    /**
     * Decodes records one at a time, straight from {@code data} (this iterator's own view, whose
     * position it moves and whose limit it never changes): a record holds {@code data} and the indexes of its key and
     * value, so decoding makes no buffer view per record or field.
     */
    private static final class RecordIterator implements Iterator<Record> {
        /** Shared by every record without headers (most of them); never written, as it is empty. */
        private static final Header[] NO_HEADERS = new Header[0];

        private final ByteBuffer data;
        private final long baseOffset;
        private final long baseTimestamp;
        /** Whether every record reads {@link #maxTimestamp}, whatever its value (even -1), as in Kafka. */
        private final boolean logAppendTime;
        private final long maxTimestamp;
        private final int count;
        private int read;

        RecordIterator(ByteBuffer data, long baseOffset, long baseTimestamp, boolean logAppendTime, long maxTimestamp,
                int count) {
            this.data = data;
            this.baseOffset = baseOffset;
            this.baseTimestamp = baseTimestamp;
            this.logAppendTime = logAppendTime;
            this.maxTimestamp = maxTimestamp;
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return read < count;
        }

        @Override
        public Record next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            read++;
            int length = Varint.readInt(data);
            if (length < 1 || length > data.remaining()) { // at least the attributes byte
                throw new CorruptRecordException("record " + read + " of batch at offset " + baseOffset
                        + " claims " + length + " bytes but " + data.remaining() + " remain");
            }
            // Every field is checked against the record's end rather than by narrowing data's
            // limit: records already handed out read data by absolute index within that limit.
            Record record = readBody(data.position() + length);
            if (read == count && data.hasRemaining()) {
                throw new CorruptRecordException("record batch at offset " + baseOffset + " declares " + count
                        + " records but " + data.remaining() + " bytes follow the last of them");
            }
            return record;
        }

        /** Reads one record's fields, from the attributes byte to {@code end}, where it leaves the position. */
        private Record readBody(int end) {
            data.get(); // record attributes: unused in v2
            long timestampDelta = Varint.readLong(data);
            int offsetDelta = Varint.readInt(data);
            int keySize = readSize(end);
            int keyIndex = data.position();
            skip(keySize);
            int valueSize = readSize(end);
            int valueIndex = data.position();
            skip(valueSize);
            int headerCount = Varint.readInt(data);
            if (headerCount < 0 || headerCount > end - data.position()) {
                throw new CorruptRecordException("record at offset " + (baseOffset + offsetDelta)
                        + " claims " + headerCount + " headers");
            }
            Header[] headers = headerCount == 0 ? NO_HEADERS : new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                int headerKeySize = readSize(end);
                if (headerKeySize < 0) {
                    throw new CorruptRecordException("record at offset " + (baseOffset + offsetDelta)
                            + " has a header with a null key");
                }
                byte[] keyBytes = new byte[headerKeySize];
                data.get(keyBytes);
                int headerValueSize = readSize(end);
                byte[] valueBytes = null;
                if (headerValueSize >= 0) {
                    valueBytes = new byte[headerValueSize];
                    data.get(valueBytes);
                }
                headers[i] = new Header(new String(keyBytes, java.nio.charset.StandardCharsets.UTF_8), valueBytes);
            }
            if (data.position() != end) {
                throw new CorruptRecordException("record at offset " + (baseOffset + offsetDelta) + " has "
                        + (end - data.position()) + " bytes after its last field");
            }
            long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
            return new Record(baseOffset + offsetDelta, timestamp, data, keyIndex, keySize, valueIndex, valueSize,
                    headers);
        }

        private void skip(int size) {
            if (size > 0) {
                data.position(data.position() + size);
            }
        }

        /** A field's length (-1 for null), checked against what is left of the record before {@code end}. */
        private int readSize(int end) {
            int length = Varint.readInt(data);
            int left = end - data.position();
            if (length < -1 || length > left) {
                throw new CorruptRecordException("record field claims " + length + " bytes but "
                        + Math.max(left, 0) + " remain");
            }
            return length;
        }
    }
}
