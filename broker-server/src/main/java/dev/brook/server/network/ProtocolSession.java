package dev.brook.server.network;

import java.nio.ByteBuffer;

/**
 * One connection's side of a {@link WireProtocol}: turns each request frame into a request to
 * serve. A session is where state that lives as long as the connection belongs (such as an
 * authenticated identity).
 *
 * <p>Not thread-safe: {@link #read} is called on the connection's event loop, one frame at a time.
 */
public interface ProtocolSession {
    /**
     * Reads the request header at the start of {@code frame} (the frame's size prefix already
     * removed). The frame stays valid until the returned request's response has been produced.
     *
     * @throws RuntimeException when the frame is not a request this protocol can answer at all;
     *     the connection is then closed, with one log line naming the reason
     */
    IncomingRequest read(ByteBuffer frame);

    /**
     * The largest request frame this connection may send now, below the listener's own limit (for
     * example while it has not authenticated). Read on the event loop before a frame is buffered.
     */
    default int maxFrameBytes() {
        return Integer.MAX_VALUE;
    }
}
