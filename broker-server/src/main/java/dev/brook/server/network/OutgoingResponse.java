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
     * Tells {@code sink} each error the response carries, for metrics: the request-level error
     * when there is one (and then only it, as the per-resource errors of a failed request repeat
     * it), else every per-resource error, once each: a topic's in CreateTopics or Metadata, a
     * partition's in Produce, Fetch or OffsetCommit, a group's in DeleteGroups, and so on. Tells
     * it nothing for a response without errors. Called once, before or after encoding.
     */
    default void reportErrors(ErrorSink sink) {
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
