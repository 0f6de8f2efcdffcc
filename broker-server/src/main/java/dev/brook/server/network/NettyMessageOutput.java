package dev.brook.server.network;

import dev.brook.core.LogReadResult;
import dev.brook.protocol.wire.MessageOutput;
import dev.brook.protocol.wire.RecordsPayload;
import dev.brook.server.handler.LogRecords;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private static final int MIN_BUFFER = 256;

    private final ByteBufAllocator allocator;
    private final List<Object> parts = new ArrayList<>(4);
    private ByteBuf current;

    NettyMessageOutput(ByteBufAllocator allocator, int expectedBytes) {
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
    public void writeString(String value) {
        if (value == null) {
            current.writeShort(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes is too long for the protocol");
        }
        current.writeShort(bytes.length);
        current.writeBytes(bytes);
    }

    @Override
    public void writeRecords(RecordsPayload records) {
        if (records == null) {
            current.writeInt(-1);
            return;
        }
        int size = records.sizeInBytes();
        current.writeInt(size);
        if (size == 0) {
            return;
        }
        if (records instanceof LogRecords) {
            LogReadResult region = ((LogRecords) records).result();
            parts.add(current);
            parts.add(new LogFileRegion(region.channel(), region.position(), size));
            current = allocator.ioBuffer(MIN_BUFFER);
        } else {
            current.ensureWritable(size);
            records.copyTo(current.nioBuffer(current.writerIndex(), size));
            current.writerIndex(current.writerIndex() + size);
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
