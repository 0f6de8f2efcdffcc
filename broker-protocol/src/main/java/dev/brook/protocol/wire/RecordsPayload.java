package dev.brook.protocol.wire;

import java.nio.ByteBuffer;

/**
 * The record data of a produce request or fetch response: RecordBatch v2 bytes, held in memory or
 * (on the server) as a region of a log file that is sent without being copied.
 */
public interface RecordsPayload {
    /** The number of bytes. */
    int sizeInBytes();

    /** Copies the bytes into {@code target} at its position, advancing it. */
    void copyTo(ByteBuffer target);

    /** A payload over the bytes from {@code buffer}'s position to its limit, without copying them. */
    static RecordsPayload wrap(ByteBuffer buffer) {
        return new BufferRecords(buffer);
    }

    /**
     * A payload over several buffers laid end to end (several batches of one partition), without
     * copying them. Each buffer is read from its position to its limit.
     */
    static RecordsPayload wrap(java.util.List<ByteBuffer> buffers) {
        return buffers.size() == 1 ? wrap(buffers.get(0)) : new MultiBufferRecords(buffers);
    }

    /** Record data held in several {@link ByteBuffer}s. Immutable as long as the buffers are not written. */
    final class MultiBufferRecords implements RecordsPayload {
        private final java.util.List<ByteBuffer> buffers;
        private final int size;

        MultiBufferRecords(java.util.List<ByteBuffer> buffers) {
            java.util.List<ByteBuffer> slices = new java.util.ArrayList<>(buffers.size());
            int total = 0;
            for (ByteBuffer buffer : buffers) {
                slices.add(buffer.slice());
                total += buffer.remaining();
            }
            this.buffers = java.util.List.copyOf(slices);
            this.size = total;
        }

        /** Views of the buffers, in order. */
        public java.util.List<ByteBuffer> buffers() {
            java.util.List<ByteBuffer> views = new java.util.ArrayList<>(buffers.size());
            for (ByteBuffer buffer : buffers) {
                views.add(buffer.duplicate());
            }
            return views;
        }

        @Override
        public int sizeInBytes() {
            return size;
        }

        @Override
        public void copyTo(ByteBuffer target) {
            for (ByteBuffer buffer : buffers) {
                target.put(buffer.duplicate());
            }
        }

        @Override
        public String toString() {
            return "MultiBufferRecords(" + buffers.size() + " buffers, " + size + " bytes)";
        }
    }

    /** Record data held in a {@link ByteBuffer}. Immutable as long as the buffer is not written. */
    final class BufferRecords implements RecordsPayload {
        private final ByteBuffer buffer;

        BufferRecords(ByteBuffer buffer) {
            this.buffer = buffer.slice();
        }

        /** The bytes, as a view from position 0 to the limit. */
        public ByteBuffer buffer() {
            return buffer.duplicate();
        }

        @Override
        public int sizeInBytes() {
            return buffer.remaining();
        }

        @Override
        public void copyTo(ByteBuffer target) {
            target.put(buffer.duplicate());
        }

        @Override
        public String toString() {
            return "BufferRecords(" + buffer.remaining() + " bytes)";
        }
    }
}
