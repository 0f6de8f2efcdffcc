package dev.brook.server.network;

import java.net.SocketAddress;

/**
 * A request/response protocol served by a {@link Listener}: Brook's own or Apache Kafka's. Both
 * frame requests and responses the same way (a 32-bit size, then that many bytes), which the
 * listener handles; the protocol reads what is inside a frame and encodes what goes back.
 *
 * <p>Implementations must be thread-safe: sessions are opened on the network threads.
 */
public interface WireProtocol {
    /** A short name for logs and thread names, such as {@code "brook"} or {@code "kafka"}. */
    String name();

    /** Starts serving one new connection from {@code remote}. */
    ProtocolSession open(SocketAddress remote);
}
