package dev.brook.core.internal.log;

import dev.brook.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads record batch headers out of a segment file without reading the records: how the log walks
 * from an index entry to the batch it wants and finds batch boundaries.
 *
 * <p>It reads the file a block at a time into a window and parses headers from memory, so walking
 * over many small batches costs one positional read per block rather than one per batch. Reads
 * never go past the limit the caller gives, which is where the writer's published data ends.
 *
 * <p>Not thread-safe: one per operation. The window is a per-thread direct buffer (no copy through
 * a temporary buffer on read), so a thread must finish with one reader before it starts another.
 */
final class BatchHeaderReader {
    static final int WINDOW_BYTES = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> WINDOWS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(WINDOW_BYTES));

    private final FileChannel channel;
    private final ByteBuffer window = WINDOWS.get();
    /** The file position of the window's first byte, or -1 when the window is empty. */
    private long windowStart = -1;
    /** Where the loaded header starts in the window. */
    private int at;

    BatchHeaderReader(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Loads the header of the batch at {@code position}, reading no further than {@code limit}.
     *
     * @return false when fewer than a header's bytes lie between the position and the limit
     */
    boolean readAt(long position, long limit) throws IOException {
        if (limit - position < RecordBatch.RECORD_BATCH_OVERHEAD) {
            return false;
        }
        if (windowStart < 0 || position < windowStart
                || position + RecordBatch.RECORD_BATCH_OVERHEAD > windowStart + window.limit()) {
            fill(position, limit);
        }
        at = (int) (position - windowStart);
        return true;
    }

    private void fill(long position, long limit) throws IOException {
        int wanted = (int) Math.min(WINDOW_BYTES, limit - position);
        window.clear().limit(wanted);
        while (window.hasRemaining()) {
            if (channel.read(window, position + window.position()) < 0) {
                break;
            }
        }
        window.flip();
        windowStart = position;
        if (window.limit() < RecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new IOException("segment file ends at " + (position + window.limit()) + ", before the batch header at "
                    + position + " that its published size covers");
        }
    }

    /** The file position of the header loaded last, or -1 before the first {@link #readAt}. */
    long position() {
        return windowStart < 0 ? -1 : windowStart + at;
    }

    /** The batch size its length field claims; may be nonsense for damaged data. */
    int claimedSize() {
        long size = (long) window.getInt(at + RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
        return size > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) size;
    }

    long baseOffset() {
        return window.getLong(at + RecordBatch.BASE_OFFSET_OFFSET);
    }

    long lastOffset() {
        return baseOffset() + window.getInt(at + RecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }

    long maxTimestamp() {
        return window.getLong(at + RecordBatch.MAX_TIMESTAMP_OFFSET);
    }

    byte magic() {
        return window.get(at + RecordBatch.MAGIC_OFFSET);
    }

    int recordCount() {
        return window.getInt(at + RecordBatch.RECORDS_COUNT_OFFSET);
    }

    long producerId() {
        return window.getLong(at + RecordBatch.PRODUCER_ID_OFFSET);
    }

    short producerEpoch() {
        return window.getShort(at + RecordBatch.PRODUCER_EPOCH_OFFSET);
    }

    int baseSequence() {
        return window.getInt(at + RecordBatch.BASE_SEQUENCE_OFFSET);
    }

    int lastOffsetDelta() {
        return window.getInt(at + RecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }
}
