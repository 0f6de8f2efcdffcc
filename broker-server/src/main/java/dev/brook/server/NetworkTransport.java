package dev.brook.server;

import java.util.Locale;

/**
 * Which of Netty's socket transports the listeners use ({@code network.transport}).
 *
 * <p>{@link #EPOLL} talks to Linux's epoll directly through Netty's native library, which is
 * somewhat cheaper per read and write than the JDK's selector, but loading that library (it is
 * unpacked from its jar into a temporary file first) is about a third of a small broker's start.
 * A long-running server gains from epoll; a broker started for one test class does not, so the
 * JUnit extension picks {@link #NIO}.
 *
 * <p>Immutable and thread-safe.
 */
public enum NetworkTransport {
    /** Epoll where Netty's native library is available (Linux on x86_64 or aarch64), NIO elsewhere. */
    AUTO,
    /** Epoll; the start fails, saying why, where it is not available. */
    EPOLL,
    /** The JDK's selector-based NIO: no native library, available everywhere. */
    NIO;

    /** The transport named {@code value} ({@code auto}, {@code epoll} or {@code nio}, any case). */
    public static NetworkTransport parse(String value) {
        for (NetworkTransport transport : values()) {
            if (transport.name().equalsIgnoreCase(value.trim())) {
                return transport;
            }
        }
        throw new IllegalArgumentException("network.transport must be auto, epoll or nio, got '" + value + "'");
    }

    /** The name as written in a configuration file. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
