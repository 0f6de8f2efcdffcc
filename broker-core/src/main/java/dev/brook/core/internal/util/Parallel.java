package dev.brook.core.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a blocking action over many items on a short-lived pool of threads: for work dominated by
 * waiting on the disk, such as syncing or opening a thousand logs, where overlapping the waits
 * lets the device combine them. Stateless and thread-safe.
 */
public final class Parallel {
    /** Threads used at most; enough to keep a disk's queue full without flooding it. */
    static final int MAX_THREADS = 8;

    private Parallel() {
    }

    /**
     * Applies {@code action} to every item and waits for all. If any fail, the first failure is
     * rethrown after every item has been tried, with the others suppressed.
     */
    public static <T> void forEach(String name, List<T> items, Consumer<T> action) {
        if (items.size() <= 1) {
            items.forEach(action);
            return;
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_THREADS, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "brook-" + name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            RuntimeException failure = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException
                            ? (RuntimeException) e.getCause() : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(name + " was interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
