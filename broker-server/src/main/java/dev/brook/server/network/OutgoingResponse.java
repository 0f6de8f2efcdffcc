package dev.brook.server.network;

import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * A response ready to be written: the connection asks it for its frame, as pooled buffers and
 * file regions in order, size prefix included.
 *
 * <p>Immutable until encoded; encoded at most once, on the connection's event loop.
 */
public interface OutgoingResponse {
    /** Nothing is sent back (a produce with acks=0). */
    OutgoingResponse NONE = new OutgoingResponse() {
        @Override
        public List<Object> encode(ByteBufAllocator allocator) {
            throw new IllegalStateException("NONE has no bytes to send");
        }

        @Override
        public boolean isNone() {
            return true;
        }
    };

    /**
     * Encodes the whole frame. The caller owns the returned buffers and regions and writes them
     * to the channel, which releases them; on an exception nothing is left allocated.
     */
    List<Object> encode(ByteBufAllocator allocator);

    /**
     * The name of the response's error code for metrics, {@code "NONE"} when it succeeded: the
     * request-level error, else the first partition-level one where the API has only those.
     */
    default String errorName() {
        return "NONE";
    }

    /**
     * Whether the connection is closed once this response is written: the protocol refuses to go
     * on with the client (a failed authentication, say). Responses to later requests are dropped.
     */
    default boolean closesConnection() {
        return false;
    }

    /** Whether no response is to be sent at all. */
    default boolean isNone() {
        return false;
    }
}
