package dev.brook.client.consumer.internal;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.NoOffsetForPartitionException;
import dev.brook.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the consumer reads and where: the assigned partitions, in the order they are fetched, and
 * for each its position (the offset of the next record {@code poll} returns), whether it is paused,
 * and whether its position is waiting to be reset to the log's start or end.
 *
 * <p>A partition's position goes through three states:
 *
 * <pre>
 *   INITIALIZING --(no committed offset: auto.offset.reset)--> AWAITING_RESET --(ListOffsets)--> FETCHING
 *        ^                                                          ^                              |
 *        assign                                      seekToBeginning / seekToEnd,                  seek
 *                                                    OFFSET_OUT_OF_RANGE ---------------------------+
 * </pre>
 *
 * A partition is INITIALIZING when its position is unknown and no reset is chosen. For a partition
 * the group assigns, the consumer's coordinator first looks up the group's committed offset and
 * {@link #seek}s to it; what is left is resolved with {@code auto.offset.reset}
 * ({@link #resetInitializingPositions}). Assignment itself is a plain set, by
 * {@link #assignFromUser} or, after {@link #subscribe}, by {@link #assignFromGroup}.
 *
 * <p>Not thread-safe: owned by the application's polling thread.
 */
public final class SubscriptionState {
    /** How partitions came to be assigned. */
    public enum Type {
        /** Nothing assigned. */
        NONE,
        /** {@code assign(...)} by the application. */
        USER_ASSIGNED,
        /** {@code subscribe(topics)}: the group's broker assigns partitions of these topics. */
        AUTO_TOPICS
    }

    private final AutoOffsetReset defaultReset;
    /** Assigned partitions in fetch order. */
    private final LinkedHashMap<TopicPartition, PartitionState> assignment = new LinkedHashMap<>();
    private Type type = Type.NONE;
    /** The subscribed topics while {@link Type#AUTO_TOPICS}. */
    private Set<String> topics = Set.of();

    public SubscriptionState(AutoOffsetReset defaultReset) {
        this.defaultReset = defaultReset;
    }

    private static final class PartitionState {
        /** The next offset to return, or null while unknown. */
        Long position;
        /** EARLIEST or LATEST while a reset is wanted; null otherwise. */
        AutoOffsetReset reset;
        boolean paused;
    }

    /**
     * Replaces the assignment with {@code partitions}, keeping the state of partitions that stay.
     *
     * @return the partitions that were assigned and no longer are
     * @throws IllegalStateException if partitions are assigned by another means
     */
    public Set<TopicPartition> assignFromUser(Set<TopicPartition> partitions) {
        if (type != Type.NONE && type != Type.USER_ASSIGNED) {
            throw new IllegalStateException("assign(...) cannot be mixed with subscribe(...)");
        }
        Set<TopicPartition> removed = assign(partitions);
        type = partitions.isEmpty() ? Type.NONE : Type.USER_ASSIGNED;
        return removed;
    }

    /**
     * Subscribes to topics whose partitions the group assigns; the assignment starts empty and
     * changes through {@link #assignFromGroup}. Subscribing again changes the topics and keeps
     * the assignment until the group changes it.
     *
     * @throws IllegalStateException if partitions were assigned by the application
     */
    public void subscribe(Set<String> topics) {
        if (type == Type.USER_ASSIGNED) {
            throw new IllegalStateException("subscribe(...) cannot be mixed with assign(...): unsubscribe() first");
        }
        this.topics = Set.copyOf(topics);
        type = Type.AUTO_TOPICS;
    }

    /** The subscribed topics; empty unless subscribed. */
    public Set<String> subscription() {
        return topics;
    }

    /**
     * Replaces a subscribed consumer's assignment with what the group gave it, keeping the state
     * of partitions that stay; new partitions are INITIALIZING.
     *
     * @return the partitions that were assigned and no longer are
     */
    public Set<TopicPartition> assignFromGroup(Set<TopicPartition> partitions) {
        if (type != Type.AUTO_TOPICS) {
            throw new IllegalStateException("the group assigns partitions only to a subscribed consumer");
        }
        return assign(partitions);
    }

    /** Clears the assignment and the subscription; returns what was assigned. */
    public Set<TopicPartition> unsubscribe() {
        Set<TopicPartition> removed = assign(Set.of());
        type = Type.NONE;
        topics = Set.of();
        return removed;
    }

    private Set<TopicPartition> assign(Set<TopicPartition> partitions) {
        Set<TopicPartition> removed = new LinkedHashSet<>(assignment.keySet());
        removed.removeAll(partitions);
        LinkedHashMap<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionState state = assignment.get(partition);
            next.put(partition, state != null ? state : new PartitionState());
        }
        assignment.clear();
        assignment.putAll(next);
        return removed;
    }

    public Type type() {
        return type;
    }

    public boolean isEmpty() {
        return assignment.isEmpty();
    }

    public Set<TopicPartition> assignedPartitions() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(assignment.keySet()));
    }

    public boolean isAssigned(TopicPartition partition) {
        return assignment.containsKey(partition);
    }

    /** The position, or null while it is unknown or the partition is not assigned. */
    public Long position(TopicPartition partition) {
        PartitionState state = assignment.get(partition);
        return state == null ? null : state.position;
    }

    /** The position if the partition may be fetched now (assigned, not paused, position known), else null. */
    public Long fetchablePosition(TopicPartition partition) {
        PartitionState state = assignment.get(partition);
        return state == null || state.paused ? null : state.position;
    }

    /** The partitions that may be fetched now, in fetch order. */
    public List<TopicPartition> fetchablePartitions() {
        List<TopicPartition> fetchable = new ArrayList<>();
        assignment.forEach((partition, state) -> {
            if (!state.paused && state.position != null) {
                fetchable.add(partition);
            }
        });
        return fetchable;
    }

    /** Sets the position, ending any reset. @throws IllegalStateException if not assigned */
    public void seek(TopicPartition partition, long offset) {
        PartitionState state = stateOf(partition);
        state.position = offset;
        state.reset = null;
    }

    /** Moves the position forward as records are returned. */
    public void advance(TopicPartition partition, long position) {
        PartitionState state = stateOf(partition);
        if (state.position == null || position < state.position) {
            throw new IllegalStateException("position of " + partition + " cannot move from " + state.position
                    + " to " + position);
        }
        state.position = position;
    }

    /** Forgets the position; it will be reset to the log's start or end. @throws IllegalStateException if not assigned */
    public void requestReset(TopicPartition partition, AutoOffsetReset strategy) {
        if (strategy == AutoOffsetReset.NONE) {
            throw new IllegalArgumentException("a reset goes to the earliest or latest offset, not " + strategy);
        }
        PartitionState state = stateOf(partition);
        state.position = null;
        state.reset = strategy;
    }

    /** Partitions waiting for a reset, with where to. */
    public Map<TopicPartition, AutoOffsetReset> partitionsAwaitingReset() {
        Map<TopicPartition, AutoOffsetReset> awaiting = new LinkedHashMap<>();
        assignment.forEach((partition, state) -> {
            if (state.position == null && state.reset != null) {
                awaiting.put(partition, state.reset);
            }
        });
        return awaiting;
    }

    /** Whether {@code partition} is still waiting for a reset to {@code strategy}: a look-up's answer still applies. */
    public boolean isAwaitingReset(TopicPartition partition, AutoOffsetReset strategy) {
        PartitionState state = assignment.get(partition);
        return state != null && state.position == null && state.reset == strategy;
    }

    /**
     * Chooses a reset for every partition without a position or reset, by {@code auto.offset.reset}.
     *
     * @throws NoOffsetForPartitionException naming them when the policy is {@link AutoOffsetReset#NONE}
     */
    public void resetInitializingPositions() {
        Set<TopicPartition> without = new LinkedHashSet<>();
        assignment.forEach((partition, state) -> {
            if (state.position == null && state.reset == null) {
                without.add(partition);
            }
        });
        if (without.isEmpty()) {
            return;
        }
        if (defaultReset == AutoOffsetReset.NONE) {
            throw new NoOffsetForPartitionException(without);
        }
        for (TopicPartition partition : without) {
            assignment.get(partition).reset = defaultReset;
        }
    }

    /** Pauses fetching. @throws IllegalStateException if not assigned */
    public void pause(TopicPartition partition) {
        stateOf(partition).paused = true;
    }

    /** Resumes fetching. @throws IllegalStateException if not assigned */
    public void resume(TopicPartition partition) {
        stateOf(partition).paused = false;
    }

    public Set<TopicPartition> pausedPartitions() {
        Set<TopicPartition> paused = new LinkedHashSet<>();
        assignment.forEach((partition, state) -> {
            if (state.paused) {
                paused.add(partition);
            }
        });
        return Collections.unmodifiableSet(paused);
    }

    /**
     * Puts a partition last in fetch order, after its data was returned, so that partitions share
     * a fetch's byte limit in turn (the broker fills partitions in request order).
     */
    public void movePartitionToEnd(TopicPartition partition) {
        PartitionState state = assignment.remove(partition);
        if (state != null) {
            assignment.put(partition, state);
        }
    }

    /** Checks that every partition is assigned. @throws IllegalStateException naming the first that is not */
    public void ensureAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            stateOf(partition);
        }
    }

    private PartitionState stateOf(TopicPartition partition) {
        PartitionState state = assignment.get(partition);
        if (state == null) {
            throw new IllegalStateException("no current assignment for partition " + partition
                    + "; it must be assigned first (assigned: " + assignment.keySet() + ")");
        }
        return state;
    }
}
