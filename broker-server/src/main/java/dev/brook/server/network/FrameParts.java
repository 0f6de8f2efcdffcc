package dev.brook.server.network;

import dev.brook.core.LogReadResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * A response frame being written, for either protocol: pooled buffers, with record data that is
 * still in a log file inserted as a {@link LogFileRegion} between two of them, so that it goes from
 * the page cache to the socket with {@code sendfile} without entering the heap.
 *
 * <p>Ownership: the parts returned by {@link #finish()} belong to the caller, who writes them to the
 * channel (which releases them); {@link #discard()} releases them when encoding fails. Not
 * thread-safe: one response, one thread.
 */
public final class FrameParts {
    private static final int MIN_BUFFER = 256;

    private final ByteBufAllocator allocator;
    private final List<Object> parts = new ArrayList<>(4);
    private ByteBuf current;

    public FrameParts(ByteBufAllocator allocator, int expectedBytes) {
        this.allocator = allocator;
        this.current = allocator.ioBuffer(Math.max(MIN_BUFFER, expectedBytes));
    }

    /** The buffer being written into now. */
    public ByteBuf buffer() {
        return current;
    }

    /** Appends a region of a log file, sent as is; an empty one adds nothing. */
    public void addRegion(LogReadResult region) {
        if (region.sizeInBytes() == 0) {
            return;
        }
        parts.add(current);
        parts.add(new LogFileRegion(region.channel(), region.position(), region.sizeInBytes()));
        current = allocator.ioBuffer(MIN_BUFFER);
    }

    /** The buffers and file regions of the frame, in order. */
    public List<Object> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    /** Releases everything written so far, when encoding fails half way. */
    public void discard() {
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
