package dev.brook.client.consumer.internal;

import dev.brook.client.InterruptException;
import dev.brook.client.consumer.CommitFailedException;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRebalanceListener;
import dev.brook.client.consumer.OffsetAndMetadata;
import dev.brook.client.consumer.OffsetCommitCallback;
import dev.brook.client.consumer.WakeupException;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.FencedMemberEpochException;
import dev.brook.protocol.errors.IllegalGenerationException;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.errors.UnknownMemberIdException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.OffsetCommitRequest;
import dev.brook.protocol.wire.OffsetCommitResponse;
import dev.brook.protocol.wire.OffsetFetchRequest;
import dev.brook.protocol.wire.OffsetFetchResponse;
import dev.brook.protocol.wire.TopicPartitions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling thread's side of a consumer group: it reconciles the assignment the
 * {@link GroupMembership} learned from heartbeats (revoke, commit and call the listener, then look
 * up committed offsets for new partitions and call the listener again, then acknowledge), and it
 * commits offsets and looks them up. A consumer with a group but assigned partitions uses only the
 * commits, as a non-member (null member id, epoch -1).
 *
 * <p>Commits: {@code ILLEGAL_GENERATION} (the epoch moved on while the commit was on its way) asks
 * for a heartbeat and commits again with the newer epoch (an asynchronous commit only if the member
 * still owns every partition in it: by then a revoked one may have a new owner whose commits must
 * stand); {@code UNKNOWN_MEMBER_ID} and
 * {@code FENCED_MEMBER_EPOCH} become a {@link CommitFailedException} and make the member rejoin.
 * Asynchronous commits' callbacks run on the polling thread, at the next {@link #poll}, commit or
 * {@link #close}.
 *
 * <p>Not thread-safe: owned by the polling thread, except the queue of finished asynchronous
 * commits, which network threads fill.
 */
public final class ConsumerCoordinator {
    private static final Logger log = LoggerFactory.getLogger(ConsumerCoordinator.class);

    private final String groupId;
    private final boolean autoCommit;
    private final long autoCommitIntervalNanos;
    private final long defaultApiTimeoutMs;
    private final SubscriptionState subscriptions;
    private final ConsumerNetwork network;
    private final Fetcher<?, ?> fetcher;
    /** Null without a group; started by the first subscribe. */
    private GroupMembership membership;
    private final ConsumerConfig<?, ?> config;
    private ConsumerRebalanceListener listener = ConsumerRebalanceListener.NONE;
    private long nextAutoCommitNanos;
    /** Finished asynchronous commits' callbacks, queued by network threads, run by the polling thread. */
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();

    public ConsumerCoordinator(ConsumerConfig<?, ?> config, SubscriptionState subscriptions, ConsumerNetwork network,
            Fetcher<?, ?> fetcher) {
        this.config = config;
        this.groupId = config.groupId().orElse(null);
        this.autoCommit = config.enableAutoCommit();
        this.autoCommitIntervalNanos = TimeUnit.MILLISECONDS.toNanos(config.autoCommitIntervalMs());
        this.defaultApiTimeoutMs = config.defaultApiTimeoutMs();
        this.subscriptions = subscriptions;
        this.network = network;
        this.fetcher = fetcher;
        this.nextAutoCommitNanos = System.nanoTime() + autoCommitIntervalNanos;
    }

    /** @throws IllegalStateException naming the setting when there is no group */
    public String requireGroup(String what) {
        if (groupId == null) {
            throw new IllegalStateException(what + " needs a consumer group: set groupId in the ConsumerConfig");
        }
        return groupId;
    }

    /** Subscribes (or changes the subscription) and joins the group at once. */
    public void subscribe(Set<String> topics, ConsumerRebalanceListener newListener) {
        requireGroup("subscribe(...)");
        subscriptions.subscribe(topics);
        listener = newListener;
        if (membership == null) {
            membership = new GroupMembership(config, network);
        }
        membership.subscribe(topics);
    }

    /**
     * Does what a poll owes the group: runs finished commits' callbacks, reconciles the assignment,
     * and commits positions when auto-commit is due.
     */
    public void poll(long nowNanos) {
        runCompletions();
        if (membership != null && subscriptions.type() == SubscriptionState.Type.AUTO_TOPICS) {
            membership.polled(nowNanos);
            membership.throwIfRefused();
            reconcile();
        }
        if (autoCommit && nowNanos - nextAutoCommitNanos >= 0) {
            nextAutoCommitNanos = nowNanos + autoCommitIntervalNanos;
            Map<TopicPartition, OffsetAndMetadata> positions = positions(subscriptions.assignedPartitions());
            if (!positions.isEmpty()) {
                commitAsync(positions, (offsets, e) -> {
                    if (e != null) {
                        log.warn("auto-commit of {} for group {} failed: {}", offsets, groupId, e.getMessage());
                    }
                });
            }
        }
    }

    /** When the next auto-commit is due, for the poll's wait; {@link Long#MAX_VALUE} if never. */
    public long nextAutoCommitNanos() {
        return autoCommit ? nextAutoCommitNanos : Long.MAX_VALUE;
    }

    private void reconcile() {
        GroupMembership.Snapshot snapshot = membership.snapshot();
        Set<TopicPartition> current = subscriptions.assignedPartitions();
        if (snapshot.state() == GroupMembership.State.FENCED) {
            if (!current.isEmpty()) {
                subscriptions.assignFromGroup(Set.of());
                fetcher.discard(current);
                log.info("group {}: lost {}", groupId, current);
                membership.rejoin();
                listener.onPartitionsLost(current);
            } else {
                membership.rejoin();
            }
            return;
        }
        Set<TopicPartition> target = snapshot.assignment();
        if (target == null || target.equals(current)) {
            return;
        }
        Set<TopicPartition> revoked = new LinkedHashSet<>(current);
        revoked.removeAll(target);
        Set<TopicPartition> added = new LinkedHashSet<>(target);
        added.removeAll(current);
        RuntimeException listenerError = null;
        if (!revoked.isEmpty()) {
            if (autoCommit) {
                Map<TopicPartition, OffsetAndMetadata> positions = positions(revoked);
                if (!positions.isEmpty()) {
                    try {
                        commitSync(positions, defaultApiTimeoutMs);
                    } catch (WakeupException | InterruptException e) {
                        // Nothing is given up yet: the next poll redoes the revocation, commit first.
                        throw e;
                    } catch (RuntimeException e) {
                        log.warn("group {}: committing {} before giving them up failed: {}", groupId, positions,
                                e.getMessage());
                    }
                }
            }
            try {
                listener.onPartitionsRevoked(revoked);
            } catch (RuntimeException e) {
                listenerError = e;
            }
            Set<TopicPartition> kept = new LinkedHashSet<>(current);
            kept.removeAll(revoked);
            subscriptions.assignFromGroup(kept);
            fetcher.discard(revoked);
            log.info("group {}: revoked {}", groupId, revoked);
            membership.acknowledge(kept);
            current = kept;
        }
        if (!added.isEmpty()) {
            // Only what the broker's latest answer still grants: the snapshot may be stale by now.
            Set<TopicPartition> granted = membership.takeOn(current, added);
            if (!granted.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> committed = committed(granted, defaultApiTimeoutMs);
                Set<TopicPartition> all = new LinkedHashSet<>(current);
                all.addAll(granted);
                subscriptions.assignFromGroup(all);
                committed.forEach((partition, offset) -> {
                    if (offset != null) {
                        subscriptions.seek(partition, offset.offset());
                    }
                });
                log.info("group {}: assigned {}, starting from committed offsets {}", groupId, granted, committed);
                try {
                    listener.onPartitionsAssigned(granted);
                } catch (RuntimeException e) {
                    listenerError = listenerError == null ? e : listenerError;
                }
            }
        }
        if (listenerError != null) {
            throw listenerError;
        }
    }

    /** The positions of these partitions that have one, as offsets to commit. */
    public Map<TopicPartition, OffsetAndMetadata> positions(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            Long position = subscriptions.position(partition);
            if (position != null) {
                positions.put(partition, new OffsetAndMetadata(position));
            }
        }
        return positions;
    }

    /**
     * Commits and waits. Retries lost connections and, after a heartbeat, {@code ILLEGAL_GENERATION}.
     *
     * @throws CommitFailedException if the member was removed or fenced
     * @throws TimeoutException if the commit does not succeed within {@code timeoutMs}
     */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long timeoutMs) {
        requireGroup("committing offsets");
        runCompletions();
        if (offsets.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            GroupMembership.Generation generation = generation();
            long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                OffsetCommitResponse response = network.call(() -> sendCommit(generation, offsets), remainingMs,
                        "the commit of " + offsets + " for group " + groupId);
                throwPartitionErrors(response);
                return;
            } catch (IllegalGenerationException e) {
                if (membership == null) {
                    throw new CommitFailedException("the commit for group " + groupId + " was refused: "
                            + e.getMessage(), e);
                }
                log.info("group {}: commit refused for an outdated member epoch; committing again after a"
                        + " heartbeat: {}", groupId, e.getMessage());
                membership.heartbeatSoon();
                long retryAt = System.nanoTime() + network.retryBackoffNanos();
                if (retryAt - deadline >= 0) {
                    throw new TimeoutException("the commit of " + offsets + " for group " + groupId
                            + " did not succeed within " + timeoutMs + " ms: " + e.getMessage(), e);
                }
                network.waiter().sleepUntil(retryAt);
                if (membership.snapshot().state() == GroupMembership.State.FENCED) {
                    // The heartbeat that was to bring the newer epoch found the member fenced instead.
                    throw commitFailed(generation, e);
                }
            } catch (UnknownMemberIdException | FencedMemberEpochException e) {
                throw commitFailed(generation, e);
            }
        }
    }

    /** Commits without waiting; {@code callback} runs on the polling thread once the broker answered. */
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        requireGroup("committing offsets");
        if (offsets.isEmpty()) {
            completions.add(() -> callback.onComplete(offsets, null));
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(defaultApiTimeoutMs);
        sendAsync(Map.copyOf(offsets), callback, deadline);
    }

    private void sendAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback,
            long deadline) {
        GroupMembership.Generation generation = generation();
        sendCommit(generation, offsets).whenComplete((response, failure) -> {
            completions.add(() -> {
                Throwable cause = failure == null ? null : ConsumerNetwork.unwrap(failure);
                try {
                    if (cause == null) {
                        throwPartitionErrors(response);
                    }
                } catch (RuntimeException e) {
                    cause = e;
                }
                Exception reported = null;
                if (cause instanceof IllegalGenerationException && membership != null
                        && System.nanoTime() - deadline < 0) {
                    Set<TopicPartition> revoked = noLongerOwned(offsets.keySet());
                    if (revoked.isEmpty()) {
                        membership.heartbeatSoon(); // commit again with the newer epoch, at the next poll
                        sendAsync(offsets, callback, deadline);
                        return;
                    }
                    // Committed again under the newer epoch, these offsets could move the new owner's
                    // committed position back: the commit fails instead, and the member stays.
                    reported = new CommitFailedException("the commit of " + offsets + " for group " + groupId
                            + " was refused for an outdated member epoch and is not retried: " + revoked
                            + " have since been revoked from this consumer", cause);
                } else if (cause instanceof UnknownMemberIdException || cause instanceof FencedMemberEpochException
                        || cause instanceof IllegalGenerationException) {
                    reported = commitFailed(generation, (RuntimeException) cause);
                } else if (cause instanceof Exception) {
                    reported = (Exception) cause;
                } else if (cause != null) {
                    reported = new IllegalStateException(cause);
                }
                callback.onComplete(offsets, reported);
            });
            network.waiter().signal();
        });
    }

    /** Those of {@code partitions} this member no longer owns, as the polling thread last reconciled. */
    private Set<TopicPartition> noLongerOwned(Set<TopicPartition> partitions) {
        Set<TopicPartition> revoked = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        for (TopicPartition partition : partitions) {
            if (!subscriptions.isAssigned(partition)) {
                revoked.add(partition);
            }
        }
        return revoked;
    }

    private CommitFailedException commitFailed(GroupMembership.Generation generation, RuntimeException cause) {
        if (membership != null) {
            membership.fenced(generation, cause instanceof UnknownMemberIdException);
        }
        return new CommitFailedException("the commit for group " + groupId + " was refused because this consumer"
                + " is no longer a member that owns the partitions (" + cause.getMessage() + "); another member may"
                + " be reading them, and this one rejoins the group at its next poll", cause);
    }

    private GroupMembership.Generation generation() {
        if (membership == null || subscriptions.type() != SubscriptionState.Type.AUTO_TOPICS) {
            return new GroupMembership.Generation(null, OffsetCommitRequest.NO_MEMBER_EPOCH);
        }
        return membership.generation();
    }

    private CompletableFuture<OffsetCommitResponse> sendCommit(GroupMembership.Generation generation,
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, List<OffsetCommitRequest.PartitionOffset>> byTopic = new TreeMap<>();
        offsets.forEach((partition, offset) -> byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>())
                .add(new OffsetCommitRequest.PartitionOffset(partition.partition(), offset.offset(),
                        offset.metadata())));
        List<OffsetCommitRequest.TopicOffsets> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new OffsetCommitRequest.TopicOffsets(topic, partitions)));
        return network.send(ApiKey.OFFSET_COMMIT, new OffsetCommitRequest(groupId, generation.memberId(),
                generation.memberEpoch(), topics), OffsetCommitResponse::read);
    }

    private static void throwPartitionErrors(OffsetCommitResponse response) {
        for (OffsetCommitResponse.TopicResult topic : response.topics()) {
            for (OffsetCommitResponse.PartitionResult partition : topic.partitions()) {
                if (partition.errorCode() != ErrorCode.NONE) {
                    throw partition.errorCode().exception("cannot commit an offset for " + topic.name() + "-"
                            + partition.partition() + ": " + (partition.errorMessage() == null
                            ? partition.errorCode().description() : partition.errorMessage()));
                }
            }
        }
    }

    /**
     * The group's committed offsets of these partitions; null values for partitions without one.
     *
     * @throws TimeoutException if the broker does not answer within {@code timeoutMs}
     */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, long timeoutMs) {
        requireGroup("looking up committed offsets");
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition()));
        List<TopicPartitions> topics = new ArrayList<>();
        byTopic.forEach((topic, numbers) -> topics.add(new TopicPartitions(topic, numbers)));
        OffsetFetchResponse response = network.call(() -> network.send(ApiKey.OFFSET_FETCH,
                new OffsetFetchRequest(groupId, topics), OffsetFetchResponse::read), timeoutMs,
                "the committed offsets of " + partitions + " for group " + groupId);
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        partitions.forEach(p -> result.put(p, null));
        for (OffsetFetchResponse.TopicResult topic : response.topics()) {
            for (OffsetFetchResponse.PartitionResult partition : topic.partitions()) {
                if (partition.errorCode() != ErrorCode.NONE) {
                    throw partition.errorCode().exception("cannot look up the committed offset of " + topic.name()
                            + "-" + partition.partition() + " for group " + groupId + ": " + partition.errorMessage());
                }
                if (partition.offset() >= 0) {
                    result.put(new TopicPartition(topic.name(), partition.partition()),
                            new OffsetAndMetadata(partition.offset(), partition.metadata()));
                }
            }
        }
        return result;
    }

    /**
     * Leaves the group, as {@code unsubscribe()} and {@code close()} do: commits positions with
     * auto-commit, tells the listener, then sends the leave heartbeat and waits up to
     * {@code timeoutMs} for it.
     */
    public void leave(long timeoutMs) {
        runCompletions();
        if (membership == null || subscriptions.type() != SubscriptionState.Type.AUTO_TOPICS) {
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        GroupMembership.State state = membership.snapshot().state();
        try {
            if (!owned.isEmpty()) {
                if (state == GroupMembership.State.FENCED) {
                    listener.onPartitionsLost(owned);
                } else {
                    listener.onPartitionsRevoked(owned);
                }
            }
        } finally {
            CompletableFuture<Void> left = membership.leave();
            try {
                left.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("group {}: did not hear back about leaving within {} ms: {}", groupId, timeoutMs,
                        e.toString());
            }
        }
    }

    /** Commits the owned partitions' positions if auto-commit is on, as close does; failures are logged. */
    public void commitOnClose(long timeoutMs) {
        if (!autoCommit || (membership != null && membership.snapshot().state() == GroupMembership.State.FENCED)) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> positions = positions(subscriptions.assignedPartitions());
        try {
            commitSync(positions, timeoutMs);
        } catch (RuntimeException e) {
            log.warn("group {}: committing {} on close failed: {}", groupId, positions, e.getMessage());
        }
    }

    private void runCompletions() {
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
        }
    }

    /** Stops heartbeating without leaving. Idempotent. */
    public void close() {
        if (membership != null) {
            membership.close();
        }
    }

    /** For tests: the consumer stops heartbeating, as one that hangs, without leaving the group. */
    public void stopHeartbeats() {
        if (membership != null) {
            membership.stopHeartbeats();
        }
    }
}
