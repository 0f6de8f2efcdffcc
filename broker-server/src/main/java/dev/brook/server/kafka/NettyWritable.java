package dev.brook.server.kafka;

import dev.brook.server.network.FrameParts;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;

/**
 * The {@link Writable} that kafka-clients' generated message classes write a response into:
 * pooled Netty buffers, with record data still in a log file ({@link FileRecordsView}) inserted as
 * a file region between two buffers, so it goes from the page cache to the socket with
 * {@code sendfile}.
 *
 * <p>Ownership: the parts returned by {@link #finish()} belong to the caller, who writes them to
 * the channel; {@link #discard()} releases them when encoding fails. Not thread-safe.
 */
final class NettyWritable implements Writable {
    private final FrameParts frame;

    NettyWritable(ByteBufAllocator allocator, int expectedBytes) {
        this.frame = new FrameParts(allocator, expectedBytes);
    }

    @Override
    public void writeByte(byte value) {
        frame.buffer().writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        frame.buffer().writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        frame.buffer().writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        frame.buffer().writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        frame.buffer().writeDouble(value);
    }

    @Override
    public void writeByteArray(byte[] array) {
        frame.buffer().writeBytes(array);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        // At most five bytes: the zig-zag-free LEB128 form Kafka uses for lengths and tags.
        while ((value & 0xffffff80) != 0) {
            frame.buffer().writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        frame.buffer().writeByte(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buffer) {
        frame.buffer().writeBytes(buffer.duplicate());
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            frame.buffer().writeByte(((int) v & 0x7f) | 0x80);
            v >>>= 7;
        }
        frame.buffer().writeByte((int) v);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileRecordsView) {
            frame.addRegion(((FileRecordsView) records).region());
        } else {
            Writable.super.writeRecords(records);
        }
    }

    /** The buffers and file regions of the response, in order. */
    List<Object> finish() {
        return frame.finish();
    }

    /** Releases everything written so far, when encoding fails half way. */
    void discard() {
        frame.discard();
    }
}
