package dev.brook.protocol.wire;

import java.util.UUID;

/**
 * Where a message is written, field by field, in the protocol's types (all big-endian):
 *
 * <pre>
 *  int8, int16, int32, int64   two's complement
 *  boolean                     int8, 0 or 1
 *  string                      int16 length, then UTF-8 bytes; length -1 is null
 *  uuid                        16 bytes, most significant first
 *  records                     int32 length, then RecordBatch v2 bytes; length -1 is null
 * </pre>
 *
 * Implementations decide where the bytes go: a {@link java.nio.ByteBuffer}
 * ({@link ByteBufferOutput}), or a server's network buffers, where {@link #writeRecords} can
 * hand a file region to the socket instead of copying it.
 */
public interface MessageOutput {
    void writeByte(byte value);

    void writeShort(short value);

    void writeInt(int value);

    void writeLong(long value);

    default void writeBoolean(boolean value) {
        writeByte(value ? (byte) 1 : (byte) 0);
    }

    /** A string, which may be null. */
    void writeString(String value);

    default void writeUuid(UUID value) {
        writeLong(value.getMostSignificantBits());
        writeLong(value.getLeastSignificantBits());
    }

    /** A records field: its int32 length, then its bytes; null writes length -1. */
    void writeRecords(RecordsPayload records);
}
