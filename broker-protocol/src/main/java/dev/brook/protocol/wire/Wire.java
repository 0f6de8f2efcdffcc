package dev.brook.protocol.wire;

import dev.brook.protocol.errors.InvalidRequestException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Reading and sizing the protocol's types (see {@link MessageOutput} for the layouts). Reads
 * advance the buffer's position. A field that runs past the buffer, or a length or count that is
 * negative (where null is not allowed) or larger than the bytes left, is an
 * {@link InvalidRequestException}: no read ever allocates more than the frame could hold.
 *
 * <p>Stateless and thread-safe.
 */
public final class Wire {
    /** The smallest size of any array element, used to reject impossible counts before allocating. */
    private static final int MIN_ELEMENT_SIZE = 1;
    /**
     * The most elements room is reserved for before any is read. A count is only checked against
     * the bytes left, and a reference costs more than a byte, so reserving the whole count at once
     * would let a frame make the reader allocate several times its size; beyond this the list
     * grows as elements are actually read.
     */
    private static final int MAX_INITIAL_CAPACITY = 1024;

    private Wire() {
    }

    /** Runs {@code reader} over {@code buffer}, turning a read past the end into {@link InvalidRequestException}. */
    public static <T> T read(ByteBuffer buffer, String what, Function<ByteBuffer, T> reader) {
        try {
            T message = reader.apply(buffer);
            if (buffer.hasRemaining()) {
                throw new InvalidRequestException(what + " has " + buffer.remaining() + " unexpected bytes at its end");
            }
            return message;
        } catch (BufferUnderflowException e) {
            throw new InvalidRequestException(what + " is truncated: a field runs past the end of the frame");
        } catch (InvalidRequestException e) {
            if (e.getMessage().startsWith(what)) {
                throw e;
            }
            throw new InvalidRequestException(what + " is malformed: " + e.getMessage());
        }
    }

    public static String readString(ByteBuffer buffer) {
        String value = readNullableString(buffer);
        if (value == null) {
            throw new InvalidRequestException("a string that must not be null is null");
        }
        return value;
    }

    public static String readNullableString(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new InvalidRequestException("string length " + length + " is negative");
        }
        if (length > buffer.remaining()) {
            throw new InvalidRequestException("string length " + length + " runs past the " + buffer.remaining()
                    + " bytes left");
        }
        String value;
        if (buffer.hasArray()) {
            value = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
        } else {
            value = new String(copy(buffer, length), StandardCharsets.UTF_8);
        }
        buffer.position(buffer.position() + length);
        return value;
    }

    private static byte[] copy(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    public static boolean readBoolean(ByteBuffer buffer) {
        return buffer.get() != 0;
    }

    public static UUID readUuid(ByteBuffer buffer) {
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /**
     * A records field as a view of the buffer's bytes (no copy), or null for length -1.
     */
    public static RecordsPayload readRecords(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new InvalidRequestException("records length " + length + " is negative");
        }
        if (length > buffer.remaining()) {
            throw new InvalidRequestException("records length " + length + " runs past the " + buffer.remaining()
                    + " bytes left");
        }
        ByteBuffer records = buffer.slice();
        records.limit(length);
        buffer.position(buffer.position() + length);
        return RecordsPayload.wrap(records);
    }

    /** A bytes field: int32 length n, then n bytes, copied out. A negative length is refused. */
    public static byte[] readBytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            throw new InvalidRequestException("bytes length " + length + " is negative");
        }
        if (length > buffer.remaining()) {
            throw new InvalidRequestException("bytes length " + length + " runs past the " + buffer.remaining()
                    + " bytes left");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** Writes a bytes field: its int32 length, then the bytes. */
    public static void writeBytes(MessageOutput out, byte[] bytes) {
        out.writeInt(bytes.length);
        for (byte b : bytes) {
            out.writeByte(b);
        }
    }

    public static int sizeOfBytes(byte[] bytes) {
        return 4 + bytes.length;
    }

    /** An array: int32 count, then the elements. A count of -1 (null) is refused. */
    public static <T> List<T> readArray(ByteBuffer buffer, Function<ByteBuffer, T> element) {
        List<T> list = readNullableArray(buffer, element);
        if (list == null) {
            throw new InvalidRequestException("an array that must not be null is null");
        }
        return list;
    }

    /** An array that may be null (count -1). */
    public static <T> List<T> readNullableArray(ByteBuffer buffer, Function<ByteBuffer, T> element) {
        int count = buffer.getInt();
        if (count < 0) {
            if (count == -1) {
                return null;
            }
            throw new InvalidRequestException("array count " + count + " is negative");
        }
        if ((long) count * MIN_ELEMENT_SIZE > buffer.remaining()) {
            throw new InvalidRequestException("array count " + count + " cannot fit in the " + buffer.remaining()
                    + " bytes left");
        }
        if (count == 0) {
            return Collections.emptyList();
        }
        List<T> list = new ArrayList<>(Math.min(count, MAX_INITIAL_CAPACITY));
        for (int i = 0; i < count; i++) {
            list.add(element.apply(buffer));
        }
        return Collections.unmodifiableList(list);
    }

    /** Writes an array's count and elements; null writes count -1. */
    public static <T> void writeArray(MessageOutput out, List<T> list, ElementWriter<T> element) {
        if (list == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(list.size());
        for (T item : list) {
            element.write(out, item);
        }
    }

    /** Writes one array element. */
    @FunctionalInterface
    public interface ElementWriter<T> {
        void write(MessageOutput out, T element);
    }

    public static int sizeOfString(String value) {
        return 2 + (value == null ? 0 : utf8Length(value));
    }

    public static int sizeOfRecords(RecordsPayload records) {
        return 4 + (records == null ? 0 : records.sizeInBytes());
    }

    public static <T> int sizeOfArray(List<T> list, ToIntFunction<T> element) {
        int size = 4;
        if (list != null) {
            for (T item : list) {
                size += element.applyAsInt(item);
            }
        }
        return size;
    }

    /**
     * The length of a string in UTF-8, without encoding it: the number of bytes
     * {@code value.getBytes(UTF_8)} returns, which is what the writers send. That includes its
     * replacement of a surrogate that is not half of a pair by the one byte {@code '?'}.
     */
    public static int utf8Length(String value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
