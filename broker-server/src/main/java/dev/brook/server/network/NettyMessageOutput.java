package dev.brook.server.network;

import dev.brook.protocol.wire.MessageOutput;
import dev.brook.protocol.wire.RecordsPayload;
import dev.brook.server.handler.LogRecords;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a response into pooled network buffers. Record data that is still in a log file
 * ({@link LogRecords}) becomes a {@link LogFileRegion} between two buffers, so the bytes go from
 * the page cache to the socket without entering the JVM heap.
 *
 * <p>Ownership: the buffers and regions returned by {@link #finish()} belong to the caller, who
 * writes them to the channel (which releases them). Not thread-safe: one response, one thread.
 */
final class NettyMessageOutput implements MessageOutput {
    private final FrameParts frame;

    NettyMessageOutput(ByteBufAllocator allocator, int expectedBytes) {
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
    public void writeString(String value) {
        if (value == null) {
            frame.buffer().writeShort(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes is too long for the protocol");
        }
        frame.buffer().writeShort(bytes.length);
        frame.buffer().writeBytes(bytes);
    }

    @Override
    public void writeRecords(RecordsPayload records) {
        if (records == null) {
            frame.buffer().writeInt(-1);
            return;
        }
        int size = records.sizeInBytes();
        frame.buffer().writeInt(size);
        if (size == 0) {
            return;
        }
        if (records instanceof LogRecords) {
            frame.addRegion(((LogRecords) records).result());
        } else {
            ByteBuf current = frame.buffer();
            current.ensureWritable(size);
            records.copyTo(current.nioBuffer(current.writerIndex(), size));
            current.writerIndex(current.writerIndex() + size);
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
