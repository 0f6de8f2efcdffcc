package dev.brook.client.consumer.internal;

import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Detects a consumer used by two threads at once, as Kafka's consumer does: each public method
 * runs its body through {@link #run}, which claims the consumer for the calling thread (calls may
 * nest) and fails at once if another thread holds it. Using a consumer from different threads
 * one after the other is fine.
 *
 * <p>Thread-safe: that is its purpose. {@link #depth} is only touched by the owning thread, and the
 * compare-and-set on {@link #owner} orders one owner's writes before the next owner's reads.
 */
public final class ThreadGuard {
    private static final long NO_OWNER = -1L;

    private final AtomicLong owner = new AtomicLong(NO_OWNER);
    private int depth;

    /**
     * Runs {@code action} as the consumer's only user.
     *
     * @throws ConcurrentModificationException if another thread is inside the consumer
     */
    public <T> T run(Supplier<T> action) {
        long me = Thread.currentThread().getId();
        if (owner.get() != me && !owner.compareAndSet(NO_OWNER, me)) {
            throw new ConcurrentModificationException("the consumer is not safe for use by several threads at once:"
                    + " another thread is inside it (only wakeup() may be called from other threads)");
        }
        depth++;
        try {
            return action.get();
        } finally {
            if (--depth == 0) {
                owner.set(NO_OWNER);
            }
        }
    }

    /** {@link #run(Supplier)} for an action without a result. */
    public void run(Runnable action) {
        run(() -> {
            action.run();
            return null;
        });
    }
}
