package dev.brook.server.kafka;

import dev.brook.core.LogReadResult;
import dev.brook.server.network.LogFileRegion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
    private static final int MIN_BUFFER = 256;

    private final ByteBufAllocator allocator;
    private final List<Object> parts = new ArrayList<>(4);
    private ByteBuf current;

    NettyWritable(ByteBufAllocator allocator, int expectedBytes) {
        this.allocator = allocator;
        this.current = allocator.ioBuffer(Math.max(MIN_BUFFER, expectedBytes));
    }

    @Override
    public void writeByte(byte value) {
        current.writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        current.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        current.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        current.writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        current.writeDouble(value);
    }

    @Override
    public void writeByteArray(byte[] array) {
        current.writeBytes(array);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        // At most five bytes: the zig-zag-free LEB128 form Kafka uses for lengths and tags.
        while ((value & 0xffffff80) != 0) {
            current.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        current.writeByte(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buffer) {
        current.writeBytes(buffer.duplicate());
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            current.writeByte(((int) v & 0x7f) | 0x80);
            v >>>= 7;
        }
        current.writeByte((int) v);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileRecordsView) {
            LogReadResult region = ((FileRecordsView) records).region();
            if (region.sizeInBytes() == 0) {
                return;
            }
            parts.add(current);
            parts.add(new LogFileRegion(region.channel(), region.position(), region.sizeInBytes()));
            current = allocator.ioBuffer(MIN_BUFFER);
        } else {
            Writable.super.writeRecords(records);
        }
    }

    /** The buffers and file regions of the response, in order. */
    List<Object> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    /** Releases everything written so far, when encoding fails half way. */
    void discard() {
        for (Object part : parts) {
            ReferenceCountUtil.release(part);
        }
        parts.clear();
        if (current != null) {
            current.release();
            current = null;
        }
    }
}
