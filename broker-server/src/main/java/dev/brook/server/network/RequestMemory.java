package dev.brook.server.network;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of requests that have been read from sockets but not yet served, over all
 * connections (the broker's {@code queued.max.request.bytes}). Past the bound, a connection that
 * reads another request stops reading until enough is served: producers are slowed by TCP, not
 * by an {@link OutOfMemoryError}. One request is always admitted, however large, so progress is
 * never blocked.
 *
 * <p>Thread-safe.
 */
final class RequestMemory {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final Queue<ConnectionHandler> paused = new ConcurrentLinkedQueue<>();

    RequestMemory(long limit) {
        this.limit = limit;
    }

    /** Counts {@code bytes} in; returns false when the connection should stop reading. */
    boolean acquire(long bytes) {
        return used.addAndGet(bytes) <= limit;
    }

    /** Parks a connection until memory is released. */
    void park(ConnectionHandler connection) {
        paused.add(connection);
        // The release that would have woken it may already have happened.
        if (used.get() <= limit) {
            wakeAll();
        }
    }

    void release(long bytes) {
        if (used.addAndGet(-bytes) <= limit && !paused.isEmpty()) {
            wakeAll();
        }
    }

    long used() {
        return used.get();
    }

    private void wakeAll() {
        ConnectionHandler connection;
        while ((connection = paused.poll()) != null) {
            connection.memoryAvailable();
        }
    }
}
