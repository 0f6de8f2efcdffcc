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
