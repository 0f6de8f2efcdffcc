package dev.brook.core.internal.util;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's background threads (retention, time-based flushes, recovery checkpoints, delayed
 * file deletion). A task that throws is logged with its name and, if periodic, keeps its schedule:
 * a plain {@link ScheduledExecutorService} would silently cancel it.
 *
 * <p>Thread-safe.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    public Scheduler(String threadNamePrefix, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, threadNamePrefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} once, as soon as a thread is free. */
    public void execute(String name, Runnable task) {
        schedule(name, 0, task);
    }

    /** Runs {@code task} once after {@code delayMs}. Ignored after {@link #close()}. */
    public ScheduledFuture<?> schedule(String name, long delayMs, Runnable task) {
        if (executor.isShutdown()) {
            return null;
        }
        return executor.schedule(guarded(name, task), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code periodMs}, the first time after one period. */
    public ScheduledFuture<?> schedulePeriodically(String name, long periodMs, Runnable task) {
        return executor.scheduleWithFixedDelay(guarded(name, task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Stops the threads, letting a running task finish; pending and periodic tasks are dropped. */
    @Override
    public void close() {
        // No interrupts: an interrupt during file I/O would close the log's file channel for good.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("background tasks did not stop within 30 s; interrupting them");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                log.error("background task '{}' failed", name, t);
            }
        };
    }
}
