package dev.brook.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record read out of a {@link RecordBatch}: its absolute offset and timestamp, key, value and
 * headers.
 *
 * <p>The key and value are not copied out of the batch: the record keeps the batch's records
 * buffer and where in it the key and value lie (absolute indexes), and makes a read-only view
 * ({@link #key()}, {@link #value()}) or a copy ({@link #keyBytes()}, {@link #valueBytes()}) only
 * when asked, so that decoding a record allocates nothing but the record itself. They stay valid as
 * long as that buffer is not reused. Immutable and thread-safe as long as the underlying buffer is
 * not written: every read is absolute, none moves the buffer's position.
 */
public final class Record {
    private final long offset;
    private final long timestamp;
    private final ByteBuffer data;
    /** Index of the key's first byte in {@link #data}; meaningless when {@link #keySize} is -1. */
    private final int keyIndex;
    private final int keySize;
    private final int valueIndex;
    private final int valueSize;
    private final Header[] headers;

    /** A record whose key and value lie in {@code data} at these absolute indexes; a size of -1 is null. */
    Record(long offset, long timestamp, ByteBuffer data, int keyIndex, int keySize, int valueIndex, int valueSize,
            Header[] headers) {
        this.offset = offset;
        this.timestamp = timestamp;
        this.data = data;
        this.keyIndex = keyIndex;
        this.keySize = keySize;
        this.valueIndex = valueIndex;
        this.valueSize = valueSize;
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

    /** The key as a new read-only buffer (position 0), or null when the record has no key. */
    public ByteBuffer key() {
        return view(keyIndex, keySize);
    }

    /** The value as a new read-only buffer (position 0), or null for a tombstone. */
    public ByteBuffer value() {
        return view(valueIndex, valueSize);
    }

    /** The key's size in bytes, or -1 when the record has no key; makes no buffer view. */
    public int keySize() {
        return keySize;
    }

    /** The value's size in bytes, or -1 for a tombstone; makes no buffer view. */
    public int valueSize() {
        return valueSize;
    }

    /** A copy of the key, or null. */
    public byte[] keyBytes() {
        return copy(keyIndex, keySize);
    }

    /** A copy of the value, or null. */
    public byte[] valueBytes() {
        return copy(valueIndex, valueSize);
    }

    /** The headers in the order they were written. */
    public List<Header> headers() {
        // Immutable lists, so that a consumer record's List.copyOf of them copies nothing.
        return headers.length == 0 ? List.of() : List.of(headers);
    }

    private ByteBuffer view(int index, int size) {
        return size < 0 ? null : data.slice(index, size).asReadOnlyBuffer();
    }

    private byte[] copy(int index, int size) {
        if (size < 0) {
            return null;
        }
        byte[] bytes = new byte[size];
        data.get(index, bytes); // absolute: no view, and the position stays
        return bytes;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp
                + ", key=" + (keySize < 0 ? "null" : keySize + " bytes")
                + ", value=" + (valueSize < 0 ? "null" : valueSize + " bytes")
                + ", headers=" + headers.length + ")";
    }
}
