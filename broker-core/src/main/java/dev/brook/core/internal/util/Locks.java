package dev.brook.core.internal.util;

import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * Runs a block of code holding a lock, so that no method carries a bare lock/unlock pair.
 * Stateless and thread-safe.
 */
public final class Locks {
    private Locks() {
    }

    /** Runs {@code body} holding {@code lock} and returns its result. */
    public static <T> T inLock(Lock lock, Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} holding {@code lock}. */
    public static void inLock(Lock lock, Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }
}
