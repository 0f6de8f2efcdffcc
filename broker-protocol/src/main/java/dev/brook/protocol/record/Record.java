package dev.brook.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record read out of a {@link RecordBatch}: its absolute offset and timestamp, key, value and
 * headers.
 *
 * <p>The key and value are read-only views into the batch's buffer, not copies: they stay valid as
 * long as that buffer is not reused. Immutable and thread-safe as long as the underlying buffer is
 * not written.
 */
public final class Record {
    private final long offset;
    private final long timestamp;
    private final ByteBuffer key;
    private final ByteBuffer value;
    private final Header[] headers;

    Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    /** The record's absolute offset in its partition. */
    public long offset() {
        return offset;
    }

    /** The record's timestamp in milliseconds since the epoch, of the batch's {@link TimestampType}. */
    public long timestamp() {
        return timestamp;
    }

    /** The key as a read-only buffer, or null when the record has no key. */
    public ByteBuffer key() {
        return key == null ? null : key.duplicate();
    }

    /** The value as a read-only buffer, or null for a tombstone. */
    public ByteBuffer value() {
        return value == null ? null : value.duplicate();
    }

    /** The key's size in bytes, or -1 when the record has no key; makes no buffer view. */
    public int keySize() {
        return key == null ? -1 : key.remaining();
    }

    /** The value's size in bytes, or -1 for a tombstone; makes no buffer view. */
    public int valueSize() {
        return value == null ? -1 : value.remaining();
    }

    /** A copy of the key, or null. */
    public byte[] keyBytes() {
        return copy(key);
    }

    /** A copy of the value, or null. */
    public byte[] valueBytes() {
        return copy(value);
    }

    /** The headers in the order they were written. */
    public List<Header> headers() {
        // Immutable lists, so that a consumer record's List.copyOf of them copies nothing.
        return headers.length == 0 ? List.of() : List.of(headers);
    }

    private static byte[] copy(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes); // absolute: no view, and the position stays
        return bytes;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp
                + ", key=" + (key == null ? "null" : key.remaining() + " bytes")
                + ", value=" + (value == null ? "null" : value.remaining() + " bytes")
                + ", headers=" + headers.length + ")";
    }
}
