package dev.brook.client.producer.internal;

import dev.brook.protocol.errors.TimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's bounded memory for batches ({@code buffer.memory}): direct buffers of
 * {@code batch.size} are kept and reused; other sizes are allocated and dropped but counted all
 * the same. An allocation that does not fit waits up to {@code max.block.ms} for memory to be
 * returned, then fails with a {@link TimeoutException}: backpressure rather than an
 * {@link OutOfMemoryError}.
 *
 * <p>Thread-safe.
 */
public final class BufferPool {
    private final long totalMemory;
    private final int poolableSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition memoryReturned = lock.newCondition();
    private final Deque<ByteBuffer> free = new ArrayDeque<>();
    /** Memory neither in the free list nor handed out. Guarded by the lock. */
    private long unallocated;

    public BufferPool(long totalMemory, int poolableSize) {
        this.totalMemory = totalMemory;
        this.poolableSize = poolableSize;
        this.unallocated = totalMemory;
    }

    /**
     * A cleared buffer of exactly {@code size} bytes.
     *
     * @throws IllegalArgumentException if {@code size} exceeds the whole pool
     * @throws TimeoutException if the memory is not available within {@code maxBlockMs}
     */
    public ByteBuffer allocate(int size, long maxBlockMs) throws InterruptedException {
        if (size > totalMemory) {
            throw new IllegalArgumentException("a batch of " + size + " bytes is larger than buffer.memory="
                    + totalMemory);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        lock.lock();
        try {
            while (true) {
                if (size == poolableSize && !free.isEmpty()) {
                    ByteBuffer buffer = free.pollFirst();
                    buffer.clear();
                    return buffer;
                }
                long available = unallocated + (long) free.size() * poolableSize;
                if (available >= size) {
                    while (unallocated < size) {
                        free.pollLast();
                        unallocated += poolableSize;
                    }
                    unallocated -= size;
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("could not get " + size + " bytes of buffer memory within max.block.ms="
                            + maxBlockMs + ": all " + totalMemory
                            + " bytes of buffer.memory hold records waiting to be sent");
                }
                memoryReturned.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
        // Allocated outside the lock: a large direct allocation can take a while.
        return ByteBuffer.allocateDirect(size);
    }

    /** Returns a buffer handed out by {@link #allocate}. */
    public void deallocate(ByteBuffer buffer) {
        lock.lock();
        try {
            if (buffer.capacity() == poolableSize) {
                free.addFirst(buffer);
            } else {
                unallocated += buffer.capacity();
            }
            memoryReturned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes not currently handed out. */
    public long availableMemory() {
        lock.lock();
        try {
            return unallocated + (long) free.size() * poolableSize;
        } finally {
            lock.unlock();
        }
    }
}
