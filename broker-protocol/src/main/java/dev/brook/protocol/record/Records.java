package dev.brook.protocol.record;

import dev.brook.protocol.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a sequence of record batches laid end to end in a buffer, as a produce request carries
 * them, a segment file stores them and a fetch returns them.
 *
 * <p>Stateless and thread-safe; the iterators it returns are not, and never move the buffer's
 * position.
 */
public final class Records {
    private Records() {
    }

    /**
     * The whole batches from {@code buffer}'s position to its limit. A partial batch at the end (a
     * fetch may end in one) is skipped silently; a batch whose length field is smaller than a batch
     * header fails with a {@link CorruptRecordException}.
     */
    public static Iterable<RecordBatch> batches(ByteBuffer buffer) {
        return () -> new BatchIterator(buffer, false);
    }

    /**
     * The batches from {@code buffer}'s position to its limit, which must hold only whole
     * batches: anything left over fails with a {@link CorruptRecordException}.
     */
    public static Iterable<RecordBatch> strictBatches(ByteBuffer buffer) {
        return () -> new BatchIterator(buffer, true);
    }

    private static final class BatchIterator implements Iterator<RecordBatch> {
        private final ByteBuffer buffer;
        private final boolean strict;
        private int position;

        BatchIterator(ByteBuffer buffer, boolean strict) {
            this.buffer = buffer;
            this.strict = strict;
            this.position = buffer.position();
        }

        @Override
        public boolean hasNext() {
            int remaining = buffer.limit() - position;
            if (remaining == 0) {
                return false;
            }
            int size = RecordBatch.sizeAt(buffer, position);
            if (size != -1 && size < RecordBatch.RECORD_BATCH_OVERHEAD) {
                throw new CorruptRecordException("record batch at byte " + position + " claims a size of " + size
                        + " bytes, less than the " + RecordBatch.RECORD_BATCH_OVERHEAD + "-byte batch header");
            }
            if (size == -1 || size > remaining) {
                if (strict) {
                    throw new CorruptRecordException("record data ends in a partial batch: " + remaining
                            + " bytes at byte " + position + (size == -1 ? "" : " of a batch that claims " + size));
                }
                return false;
            }
            return true;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordBatch batch = RecordBatch.wrap(buffer, position);
            position += batch.sizeInBytes();
            return batch;
        }
    }
}
