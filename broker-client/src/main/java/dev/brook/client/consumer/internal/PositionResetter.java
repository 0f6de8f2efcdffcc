package dev.brook.client.consumer.internal;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.wire.ListOffsetsRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the positions of partitions awaiting a reset (to the log's start or end) with one
 * ListOffsets request at a time, without blocking: {@link #sendIfNeeded} sends, and
 * {@link #processCompleted} applies the answer to the partitions that still await the same
 * reset (a seek in between wins). Retriable failures are retried after the backoff; any other
 * error waits in {@link #throwPendingError()} for {@code poll} to throw.
 *
 * <p>Not thread-safe: owned by the polling thread.
 */
public final class PositionResetter {
    private static final Logger log = LoggerFactory.getLogger(PositionResetter.class);

    private final SubscriptionState subscriptions;
    private final OffsetLookup lookup;
    private final ConsumerNetwork network;
    private InFlight inFlight;
    private boolean inBackoff;
    private long nextAttemptNanos;
    private RuntimeException pendingError;

    private record InFlight(Map<TopicPartition, AutoOffsetReset> strategies,
            CompletableFuture<Map<TopicPartition, OffsetLookup.Result>> response) {
    }

    public PositionResetter(SubscriptionState subscriptions, OffsetLookup lookup, ConsumerNetwork network) {
        this.subscriptions = subscriptions;
        this.lookup = lookup;
        this.network = network;
    }

    /** Sends a ListOffsets for the partitions awaiting a reset, unless one is in flight or backing off. */
    public void sendIfNeeded(long nowNanos) {
        if (inFlight != null || (inBackoff && nowNanos - nextAttemptNanos < 0)) {
            return;
        }
        inBackoff = false;
        Map<TopicPartition, AutoOffsetReset> awaiting = subscriptions.partitionsAwaitingReset();
        if (awaiting.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> timestamps = new LinkedHashMap<>();
        awaiting.forEach((partition, strategy) -> timestamps.put(partition,
                strategy == AutoOffsetReset.EARLIEST ? ListOffsetsRequest.EARLIEST : ListOffsetsRequest.LATEST));
        inFlight = new InFlight(awaiting, network.wakeWhenDone(lookup.listOffsets(timestamps)));
    }

    /** Applies a completed ListOffsets answer. */
    public void processCompleted(long nowNanos) {
        if (inFlight == null || !inFlight.response.isDone()) {
            return;
        }
        InFlight done = inFlight;
        inFlight = null;
        Map<TopicPartition, OffsetLookup.Result> results;
        try {
            results = done.response.join();
        } catch (CompletionException e) {
            Throwable cause = ConsumerNetwork.unwrap(e);
            if (ConsumerNetwork.retriable(cause)) {
                log.debug("looking up offsets at {} failed, retrying: {}", network.address(), cause.getMessage());
                backOff(nowNanos);
            } else {
                deferError(ConsumerNetwork.asRuntime(cause));
            }
            return;
        }
        done.strategies.forEach((partition, strategy) -> {
            OffsetLookup.Result result = results.get(partition);
            if (!subscriptions.isAwaitingReset(partition, strategy)) {
                return;
            }
            if (result.error() == null) {
                subscriptions.seek(partition, result.offset());
                log.info("reset the position of {} to offset {} ({})", partition, result.offset(),
                        strategy.configName());
            } else if (ConsumerNetwork.retriable(result.error())) {
                log.debug("looking up the {} offset of {} failed, retrying: {}", strategy.configName(), partition,
                        result.error().getMessage());
                backOff(nowNanos);
            } else {
                deferError(result.error());
            }
        });
    }

    private void deferError(RuntimeException error) {
        if (pendingError == null) {
            pendingError = error;
        }
    }

    /** Throws, once, the error the last look-up ended with, if any. */
    public void throwPendingError() {
        RuntimeException error = pendingError;
        if (error != null) {
            pendingError = null;
            throw error;
        }
    }

    /** When a retry is due, or {@link Long#MAX_VALUE} if none is waiting. */
    public long retryAtNanos() {
        return inBackoff && inFlight == null ? nextAttemptNanos : Long.MAX_VALUE;
    }

    private void backOff(long nowNanos) {
        inBackoff = true;
        nextAttemptNanos = nowNanos + network.retryBackoffNanos();
    }
}
