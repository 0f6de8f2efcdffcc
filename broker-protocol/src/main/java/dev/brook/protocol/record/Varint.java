package dev.brook.protocol.record;

import dev.brook.protocol.errors.CorruptRecordException;
import java.nio.ByteBuffer;

/**
 * Zig-zag variable-length integers as the RecordBatch v2 format and Protocol Buffers encode them:
 * seven bits a byte, least significant group first, the high bit set on every byte but the last.
 * Zig-zag maps signed values to unsigned ones so that small negative numbers stay short
 * ({@code -1} encodes as one byte).
 *
 * <p>Stateless and thread-safe. Reads advance the buffer's position; a varint that runs past the
 * buffer or is longer than its type allows is a {@link CorruptRecordException}.
 */
public final class Varint {
    /** The most bytes a 32-bit varint takes. */
    public static final int MAX_INT_BYTES = 5;
    /** The most bytes a 64-bit varint takes. */
    public static final int MAX_LONG_BYTES = 10;

    private Varint() {
    }

    /** Reads a zig-zag encoded 32-bit varint. */
    public static int readInt(ByteBuffer buffer) {
        int raw = 0;
        int shift = 0;
        while (true) {
            if (!buffer.hasRemaining()) {
                throw new CorruptRecordException("varint runs past the end of the record data");
            }
            byte b = buffer.get();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 28) {
                throw new CorruptRecordException("varint is longer than " + MAX_INT_BYTES + " bytes");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads a zig-zag encoded 64-bit varint. */
    public static long readLong(ByteBuffer buffer) {
        long raw = 0;
        int shift = 0;
        while (true) {
            if (!buffer.hasRemaining()) {
                throw new CorruptRecordException("varlong runs past the end of the record data");
            }
            byte b = buffer.get();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new CorruptRecordException("varlong is longer than " + MAX_LONG_BYTES + " bytes");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Writes {@code value} zig-zag encoded, advancing the buffer's position. */
    public static void writeInt(int value, ByteBuffer buffer) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & ~0x7f) != 0) {
            buffer.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    /** Writes {@code value} zig-zag encoded, advancing the buffer's position. */
    public static void writeLong(long value, ByteBuffer buffer) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7fL) != 0) {
            buffer.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    /** How many bytes {@link #writeInt} takes for {@code value}. */
    public static int sizeOfInt(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & ~0x7f) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** How many bytes {@link #writeLong} takes for {@code value}. */
    public static int sizeOfLong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & ~0x7fL) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }
}
