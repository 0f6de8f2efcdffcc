package dev.brook.server.handler;

import dev.brook.core.AppendListener;
import dev.brook.core.Broker;
import dev.brook.core.LogReadResult;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.FetchResponse;
import java.util.ArrayList;
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

/**
 * Serves Fetch, including long polling: a fetch that finds fewer than {@code minBytes} waits,
 * registered under each partition it reads, and is re-read as soon as an append to one of them is
 * announced (an {@link AppendListener}), or answered with what there is when {@code maxWaitMs}
 * passes. The record data in a response is a file region of the log ({@link LogRecords}), never a
 * copy.
 *
 * <p>Thread-safe: waiting fetches are completed exactly once, by whichever of an append, the timer
 * or shutdown gets there first.
 */
final class FetchHandler implements AppendListener {
    private final Broker broker;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Map<TopicPartition, Set<DelayedFetch>> waiting = new ConcurrentHashMap<>();

    FetchHandler(Broker broker, Executor executor, ScheduledExecutorService timer) {
        this.broker = broker;
        this.executor = executor;
        this.timer = timer;
    }

    CompletableFuture<FetchResponse> handle(FetchRequest request) {
        Attempt attempt = read(request);
        if (attempt.satisfied(request) || request.maxWaitMs() <= 0) {
            return CompletableFuture.completedFuture(attempt.response);
        }
        DelayedFetch delayed = new DelayedFetch(request);
        for (FetchRequest.TopicData topic : request.topics()) {
            for (FetchRequest.PartitionData partition : topic.partitions()) {
                // compute, not computeIfAbsent + add: a concurrent removal of an emptied set must
                // not leave this fetch in a set that is no longer in the map.
                waiting.compute(new TopicPartition(topic.name(), partition.partition()), (tp, set) -> {
                    Set<DelayedFetch> fetches = set != null ? set : ConcurrentHashMap.newKeySet();
                    fetches.add(delayed);
                    return fetches;
                });
            }
        }
        delayed.timeout = timer.schedule(() -> executor.execute(delayed::expire), request.maxWaitMs(),
                TimeUnit.MILLISECONDS);
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
        Set<DelayedFetch> fetches = waiting.get(topicPartition);
        if (fetches != null) {
            for (DelayedFetch fetch : fetches) {
                fetch.scheduleRecheck();
            }
        }
    }

    /** Answers every waiting fetch now with what there is, for a shutdown. */
    void completeAll() {
        for (Set<DelayedFetch> fetches : waiting.values()) {
            for (DelayedFetch fetch : fetches) {
                fetch.expire();
            }
        }
    }

    /** The number of fetches waiting for data. */
    int waitingCount() {
        Set<DelayedFetch> all = ConcurrentHashMap.newKeySet();
        waiting.values().forEach(all::addAll);
        return all.size();
    }

    private Attempt read(FetchRequest request) {
        int remaining = request.maxBytes();
        int total = 0;
        boolean error = false;
        List<FetchResponse.TopicResult> topics = new ArrayList<>(request.topics().size());
        for (FetchRequest.TopicData topic : request.topics()) {
            List<FetchResponse.PartitionResult> partitions = new ArrayList<>(topic.partitions().size());
            for (FetchRequest.PartitionData partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                try {
                    if (partition.partitionMaxBytes() < 0) {
                        throw new BrookException(ErrorCode.INVALID_FETCH_SIZE, "partitionMaxBytes "
                                + partition.partitionMaxBytes() + " for " + tp + " is negative");
                    }
                    int limit = Math.max(0, Math.min(partition.partitionMaxBytes(), remaining));
                    // Like Kafka: the first partition with data returns at least one batch, so a
                    // consumer always progresses; later ones stay within the limits.
                    LogReadResult result = broker.read(tp, partition.fetchOffset(), limit, total == 0);
                    total += result.sizeInBytes();
                    remaining -= result.sizeInBytes();
                    partitions.add(new FetchResponse.PartitionResult(partition.partition(), ErrorCode.NONE, null,
                            result.logStartOffset(), result.logEndOffset(), new LogRecords(result)));
                } catch (RuntimeException e) {
                    error = true;
                    partitions.add(FetchResponse.PartitionResult.error(partition.partition(), Errors.code(e),
                            Errors.message(e, "fetch from " + tp)));
                }
            }
            topics.add(new FetchResponse.TopicResult(topic.name(), partitions));
        }
        return new Attempt(new FetchResponse(topics), total, error);
    }

    private static final class Attempt {
        final FetchResponse response;
        final int bytes;
        final boolean error;

        Attempt(FetchResponse response, int bytes, boolean error) {
            this.response = response;
            this.bytes = bytes;
            this.error = error;
        }

        boolean satisfied(FetchRequest request) {
            return error || request.minBytes() <= 0 || (bytes > 0 && bytes >= request.minBytes());
        }
    }

    /** A fetch waiting for data. */
    private final class DelayedFetch {
        final FetchRequest request;
        final CompletableFuture<FetchResponse> future = new CompletableFuture<>();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicBoolean recheckScheduled = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        DelayedFetch(FetchRequest request) {
            this.request = request;
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
            Attempt attempt = read(request);
            if (attempt.satisfied(request)) {
                complete(attempt);
            }
        }

        void expire() {
            if (!done.get()) {
                complete(read(request));
            }
        }

        private void complete(Attempt attempt) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            unregister();
            future.complete(attempt.response);
        }

        void unregister() {
            for (FetchRequest.TopicData topic : request.topics()) {
                for (FetchRequest.PartitionData partition : topic.partitions()) {
                    TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                    waiting.computeIfPresent(tp, (key, set) -> {
                        set.remove(this);
                        return set.isEmpty() ? null : set;
                    });
                }
            }
        }
    }
}
