package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link MessageOutput} over a {@link ByteBuffer} with room for the whole message (size it with
 * {@link Message#sizeInBytes()}); records are copied in. Not thread-safe.
 */
public final class ByteBufferOutput implements MessageOutput {
    private final ByteBuffer buffer;

    public ByteBufferOutput(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public void writeByte(byte value) {
        buffer.put(value);
    }

    @Override
    public void writeShort(short value) {
        buffer.putShort(value);
    }

    @Override
    public void writeInt(int value) {
        buffer.putInt(value);
    }

    @Override
    public void writeLong(long value) {
        buffer.putLong(value);
    }

    @Override
    public void writeString(String value) {
        if (value == null) {
            buffer.putShort((short) -1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes is longer than the "
                    + Short.MAX_VALUE + " a protocol string can hold");
        }
        buffer.putShort((short) bytes.length);
        buffer.put(bytes);
    }

    @Override
    public void writeRecords(RecordsPayload records) {
        if (records == null) {
            buffer.putInt(-1);
            return;
        }
        buffer.putInt(records.sizeInBytes());
        records.copyTo(buffer);
    }
}
