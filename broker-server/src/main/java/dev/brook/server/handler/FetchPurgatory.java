package dev.brook.server.handler;

import dev.brook.core.AppendListener;
import dev.brook.protocol.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Where fetches that found too little data wait, whatever protocol they came in by: a waiting
 * fetch is registered under each partition it reads, re-read as soon as an append to one of them
 * is announced (this is an {@link AppendListener}), and answered with what there is when its wait
 * time passes or the server shuts down.
 *
 * <p>Thread-safe: each waiting fetch is completed exactly once, by whichever of an append, the
 * timer or shutdown gets there first. Re-reads run on the I/O executor, never on the appending
 * thread.
 */
public final class FetchPurgatory implements AppendListener {
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Map<TopicPartition, Set<Waiting<?>>> waiting = new ConcurrentHashMap<>();

    public FetchPurgatory(Executor executor, ScheduledExecutorService timer) {
        this.executor = executor;
        this.timer = timer;
    }

    /**
     * One reading of a fetch's partitions: the response it would give, whether that is enough to
     * send, and what to do if it is the one sent ({@code onSent}: count the traffic, which only
     * the reading that is sent may do, as a waiting fetch reads the same data again).
     */
    public record Attempt<R>(R response, boolean satisfied, Runnable onSent) {
        public Attempt {
            java.util.Objects.requireNonNull(onSent, "onSent");
        }
    }

    /**
     * Answers a fetch: reads at once, and if that is not satisfied and {@code maxWaitMs} is
     * positive, waits for appends to {@code partitions}, re-reading after each, until a reading is
     * satisfied or the time passes (then the last reading is sent, satisfied or not).
     */
    public <R> CompletableFuture<R> fetch(List<TopicPartition> partitions, long maxWaitMs, Supplier<Attempt<R>> read) {
        Attempt<R> first = read.get();
        // A fetch of nothing (kafka-clients closing its fetch sessions, for one) has nothing to
        // wait for: answered at once, as Kafka does, not after max.wait.ms.
        if (first.satisfied() || maxWaitMs <= 0 || partitions.isEmpty()) {
            first.onSent().run();
            return CompletableFuture.completedFuture(first.response());
        }
        Waiting<R> delayed = new Waiting<>(partitions, read);
        for (TopicPartition tp : partitions) {
            // compute, not computeIfAbsent + add: a concurrent removal of an emptied set must not
            // leave this fetch in a set that is no longer in the map.
            waiting.compute(tp, (key, set) -> {
                Set<Waiting<?>> fetches = set != null ? set : ConcurrentHashMap.newKeySet();
                fetches.add(delayed);
                return fetches;
            });
        }
        delayed.timeout = timer.schedule(() -> executor.execute(delayed::expire), maxWaitMs, TimeUnit.MILLISECONDS);
        // Data may have arrived between the first read and the registration above.
        delayed.scheduleRecheck();
        if (delayed.done.get()) {
            // Completed while it was still registering: drop what it registered after completion.
            delayed.unregister();
        }
        return delayed.future;
    }

    @Override
    public void onAppend(TopicPartition topicPartition, long logEndOffset) {
        Set<Waiting<?>> fetches = waiting.get(topicPartition);
        if (fetches != null) {
            for (Waiting<?> fetch : fetches) {
                fetch.scheduleRecheck();
            }
        }
    }

    /** Answers every waiting fetch now with what there is, for a shutdown. */
    public void completeAll() {
        for (Set<Waiting<?>> fetches : waiting.values()) {
            for (Waiting<?> fetch : fetches) {
                fetch.expire();
            }
        }
    }

    /** The number of fetches waiting for data. */
    public int waitingCount() {
        Set<Waiting<?>> all = ConcurrentHashMap.newKeySet();
        waiting.values().forEach(all::addAll);
        return all.size();
    }

    /** A fetch waiting for data. */
    private final class Waiting<R> {
        final Collection<TopicPartition> partitions;
        final Supplier<Attempt<R>> read;
        final CompletableFuture<R> future = new CompletableFuture<>();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicBoolean recheckScheduled = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Waiting(Collection<TopicPartition> partitions, Supplier<Attempt<R>> read) {
            this.partitions = partitions;
            this.read = read;
        }

        void scheduleRecheck() {
            if (!done.get() && recheckScheduled.compareAndSet(false, true)) {
                executor.execute(this::recheck);
            }
        }

        private void recheck() {
            recheckScheduled.set(false);
            if (done.get()) {
                return;
            }
            Attempt<R> attempt = readSafely();
            if (attempt == null || attempt.satisfied()) {
                complete(attempt);
            }
        }

        void expire() {
            if (!done.get()) {
                complete(readSafely());
            }
        }

        private Attempt<R> readSafely() {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (done.compareAndSet(false, true)) {
                    cancelAndUnregister();
                    future.completeExceptionally(e);
                }
                return null;
            }
        }

        private void complete(Attempt<R> attempt) {
            if (attempt == null || !done.compareAndSet(false, true)) {
                return;
            }
            cancelAndUnregister();
            attempt.onSent().run();
            future.complete(attempt.response());
        }

        private void cancelAndUnregister() {
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            unregister();
        }

        void unregister() {
            for (TopicPartition tp : partitions) {
                waiting.computeIfPresent(tp, (key, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
