package dev.brook.client.consumer.internal;

import dev.brook.client.InterruptException;
import dev.brook.client.consumer.WakeupException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the polling thread sleeps until something happens: a network response ({@link #signal()}),
 * a {@link #wakeup()} from another thread, or its deadline. Signals are counted, so none is lost
 * between looking at the state and going to sleep:
 *
 * <pre>{@code
 * long seen = waiter.generation();   // before looking
 * if (nothing to do) waiter.await(seen, deadline);
 * }</pre>
 *
 * <p>Thread-safe: network threads signal, any thread wakes up, one thread awaits.
 */
public final class Waiter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Incremented by every signal. Guarded by {@link #lock}. */
    private long generation;
    /** Set by {@link #wakeup()}, cleared when a blocking call throws for it. Guarded by {@link #lock}. */
    private boolean wakeupRequested;
    /** Set for good by {@link #disableWakeups()}. Guarded by {@link #lock}. */
    private boolean wakeupsDisabled;

    /** The number of signals so far; pass it to {@link #await}. */
    public long generation() {
        return inLock(() -> generation);
    }

    /** Something the polling thread may be waiting for has happened. */
    public void signal() {
        inLock(() -> {
            generation++;
            changed.signalAll();
            return null;
        });
    }

    /** Makes the current or next blocking call throw {@link WakeupException}. */
    public void wakeup() {
        inLock(() -> {
            if (!wakeupsDisabled) {
                wakeupRequested = true;
                changed.signalAll();
            }
            return null;
        });
    }

    /**
     * Drops a pending wakeup and ignores later ones, for the consumer's close: its commit and its
     * leave must run, as in Kafka, even when a shutdown hook woke the consumer just before.
     */
    public void disableWakeups() {
        inLock(() -> {
            wakeupsDisabled = true;
            wakeupRequested = false;
            return null;
        });
    }

    /** Throws {@link WakeupException} if a wakeup is pending, clearing it. */
    public void checkWakeup() {
        boolean requested = inLock(() -> {
            boolean was = wakeupRequested;
            wakeupRequested = false;
            return was;
        });
        if (requested) {
            throw new WakeupException();
        }
    }

    /**
     * Sleeps until a signal after {@code seen}, a wakeup, or {@code deadlineNanos} (in
     * {@link System#nanoTime()} terms), whichever comes first.
     *
     * @throws WakeupException if woken up, before or while waiting
     * @throws InterruptException if the thread is interrupted
     */
    public void await(long seen, long deadlineNanos) {
        inLock(() -> {
            while (generation == seen && !wakeupRequested) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                changed.awaitNanos(remaining);
            }
            return null;
        });
        checkWakeup();
    }

    /** Sleeps until {@code deadlineNanos} or a wakeup, ignoring signals: a retry backoff. */
    public void sleepUntil(long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            await(generation(), deadlineNanos);
        }
        checkWakeup();
    }

    /** Runs {@code action} holding the lock; an interrupt while it waits becomes an {@link InterruptException}. */
    private <T> T inLock(Action<T> action) {
        lock.lock();
        try {
            return action.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting for the broker", e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws InterruptedException;
    }
}
