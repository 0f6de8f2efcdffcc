package dev.brook.client.internal;

import dev.brook.protocol.wire.MessageOutput;
import dev.brook.protocol.wire.RecordsPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Writes a request frame into network buffers. Record batches are not copied: their buffers are
 * wrapped and joined to the frame, so a produced batch goes from the producer's buffer to the
 * socket as it is. The caller must keep those buffers unchanged until the write completes.
 *
 * <p>Not thread-safe: one request, one thread.
 */
final class ByteBufMessageOutput implements MessageOutput {
    static final int MAX_COMPONENTS = 1024;

    private final ByteBufAllocator allocator;
    private final CompositeByteBuf frame;
    private ByteBuf current;

    ByteBufMessageOutput(ByteBufAllocator allocator, int expectedBytes) {
        this.allocator = allocator;
        // Past its component limit a composite copies everything into one buffer: room for a full
        // request of small batches (1 MiB of 16 KiB batches is 64 of them, plus the parts between),
        // and no more pieces than one gathering write (IOV_MAX, 1024) takes.
        this.frame = allocator.compositeBuffer(MAX_COMPONENTS);
        this.current = allocator.buffer(Math.max(64, expectedBytes));
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
        if (records instanceof RecordsPayload.BufferRecords) {
            frame.addComponent(true, current);
            frame.addComponent(true, Unpooled.wrappedBuffer(((RecordsPayload.BufferRecords) records).buffer()));
            current = allocator.buffer(64);
        } else if (records instanceof RecordsPayload.MultiBufferRecords) {
            frame.addComponent(true, current);
            for (java.nio.ByteBuffer buffer : ((RecordsPayload.MultiBufferRecords) records).buffers()) {
                frame.addComponent(true, Unpooled.wrappedBuffer(buffer));
            }
            current = allocator.buffer(64);
        } else {
            current.ensureWritable(size);
            records.copyTo(current.nioBuffer(current.writerIndex(), size));
            current.writerIndex(current.writerIndex() + size);
        }
    }

    /** The whole frame; the caller owns it. */
    ByteBuf finish() {
        frame.addComponent(true, current);
        current = null;
        return frame;
    }

    /** Releases what was written, when encoding fails half way. */
    void discard() {
        if (current != null) {
            current.release();
            current = null;
        }
        frame.release();
    }
}
