package dev.brook.core.internal.log;

import dev.brook.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads record batch headers out of a segment file one at a time, without reading the records:
 * how the log walks from an index entry to the batch it wants and finds batch boundaries.
 *
 * <p>Holds one reusable header buffer: not thread-safe, one per reading thread and operation.
 */
final class BatchHeaderReader {
    private final FileChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(RecordBatch.RECORD_BATCH_OVERHEAD);

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
        header.clear();
        while (header.hasRemaining()) {
            int n = channel.read(header, position + header.position());
            if (n < 0) {
                return false;
            }
        }
        header.flip();
        return true;
    }

    /** The batch size its length field claims; may be nonsense for damaged data. */
    int claimedSize() {
        return RecordBatch.sizeAt(header, 0);
    }

    long baseOffset() {
        return header.getLong(RecordBatch.BASE_OFFSET_OFFSET);
    }

    long lastOffset() {
        return baseOffset() + header.getInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }

    long maxTimestamp() {
        return header.getLong(RecordBatch.MAX_TIMESTAMP_OFFSET);
    }

    byte magic() {
        return header.get(RecordBatch.MAGIC_OFFSET);
    }

    int recordCount() {
        return header.getInt(RecordBatch.RECORDS_COUNT_OFFSET);
    }
}
