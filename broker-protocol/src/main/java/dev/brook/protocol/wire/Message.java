package dev.brook.protocol.wire;

import java.nio.ByteBuffer;

/**
 * A request or response body that can size and write itself. Decoding is a static
 * {@code read(ByteBuffer, short version)} on each message type.
 */
public interface Message {
    /** The number of bytes {@link #writeTo} writes. */
    int sizeInBytes();

    /** Writes the body's fields in protocol order. */
    void writeTo(MessageOutput out);

    /** The body in a new heap buffer, positioned at 0. */
    default ByteBuffer toByteBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(sizeInBytes());
        writeTo(new ByteBufferOutput(buffer));
        return buffer.flip();
    }
}
