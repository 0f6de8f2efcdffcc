package dev.brook.server.network;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of requests being received or served, over all connections (the broker's
 * {@code queued.max.request.bytes}). A request's size is reserved as soon as its size prefix is
 * read, before its body is buffered; a connection whose next request does not fit stops reading,
 * leaving the bytes in the kernel's socket buffer, until enough is released: producers are slowed
 * by TCP, not by an {@link OutOfMemoryError}. When nothing is reserved any request is admitted,
 * however large, so progress never stops.
 *
 * <p>Thread-safe.
 */
public final class RequestMemory {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final Queue<ConnectionHandler> paused = new ConcurrentLinkedQueue<>();

    /** A bound of {@code limit} bytes, shared by every listener given this object. */
    public RequestMemory(long limit) {
        this.limit = limit;
    }

    /**
     * Reserves {@code bytes} for a request about to be read, if they fit under the bound, or if
     * nothing at all is reserved (so a request larger than the bound is still served, alone).
     */
    boolean tryReserve(long bytes) {
        while (true) {
            long current = used.get();
            if (current > 0 && current + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Parks a connection whose next request of {@code bytes} did not fit, until memory is released. */
    void park(ConnectionHandler connection, long bytes) {
        paused.add(connection);
        // The release that would have woken it may have happened since its reservation failed.
        long current = used.get();
        if (current == 0 || current + bytes <= limit) {
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
