package dev.brook.server.network;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: a connection's requests
 * are served in the order they arrived (so pipelined produces to a partition append in order),
 * while different connections are served in parallel.
 *
 * <p>Thread-safe.
 */
final class SerialExecutor implements Executor {
    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(this::drain);
            } catch (RuntimeException e) {
                scheduled.set(false);
                throw e;
            }
        }
    }

    private void drain() {
        try {
            Runnable task = tasks.poll();
            if (task != null) {
                task.run();
            }
        } finally {
            scheduled.set(false);
            // One task per turn, so a busy connection cannot starve the others sharing the pool.
            schedule();
        }
    }
}
