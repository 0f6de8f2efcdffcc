package dev.brook.core;

import dev.brook.protocol.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group coordinator: consumer groups whose members the broker assigns partitions to, so that
 * each partition is read by one member of a group at a time, and their committed offsets.
 *
 * <p>Members take part by heartbeating ({@link #heartbeat}): the first heartbeat (epoch 0) joins
 * with a subscription; every response carries the member's current assignment. When the target
 * assignment changes (a member joins, leaves or dies, a subscribed topic grows), a partition moves
 * in two steps: it is first taken from its owner, which acknowledges by heartbeating without it,
 * and only then given to its new member; no two members ever own it at once. The member epoch
 * rises with each new assignment; a request with a stale epoch, or from a member removed after
 * missing heartbeats for the session timeout, is refused, which fences zombies.
 *
 * <p>Thread-safe; the events of one group are handled one at a time.
 */
public interface ConsumerGroups {
    /** One heartbeat of a member. */
    record Heartbeat(String groupId, String memberId, int memberEpoch, String clientId, int rebalanceTimeoutMs,
            Set<String> subscribedTopics, String assignor, Set<TopicPartition> ownedPartitions) {
        /** Epoch of a joining member. */
        public static final int JOIN = 0;
        /** Epoch of a member leaving on purpose. */
        public static final int LEAVE = -1;
    }

    /** What a member is told: its id, its epoch, how often to heartbeat, and the partitions it may own now. */
    record HeartbeatResult(String memberId, int memberEpoch, int heartbeatIntervalMs, Set<TopicPartition> assignment) {
    }

    /** A group in a listing. */
    record GroupListing(String groupId, String state, int memberCount) {
    }

    /** A member as described. */
    record MemberDescription(String memberId, String clientId, int memberEpoch, Set<TopicPartition> assignment) {
    }

    /** A group as described: its state, members and committed offsets. */
    record GroupDescription(String groupId, String state, String assignor, int groupEpoch,
            List<MemberDescription> members, Map<TopicPartition, OffsetAndMetadata> committedOffsets) {
    }

    /**
     * Handles a member's heartbeat: joins (epoch 0), keeps alive and reconciles, or leaves (epoch -1).
     *
     * @throws dev.brook.protocol.errors.InvalidGroupIdException for an empty group id
     * @throws dev.brook.protocol.errors.UnknownMemberIdException for a member that is not in the group
     * @throws dev.brook.protocol.errors.FencedMemberEpochException for a stale epoch
     */
    HeartbeatResult heartbeat(Heartbeat heartbeat);

    /**
     * Commits offsets for a group. A member commits with its id and current epoch; without a member
     * id (an admin tool, a manually assigned consumer), only a group with no members accepts commits.
     */
    void commitOffsets(String groupId, String memberId, int memberEpoch, Map<TopicPartition, OffsetAndMetadata> offsets);

    /** The group's committed offsets, for the partitions given, or all when {@code partitions} is null. */
    Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId, Collection<TopicPartition> partitions);

    /** Every group that has members or committed offsets. */
    List<GroupListing> listGroups();

    /** @throws dev.brook.protocol.errors.GroupIdNotFoundException if the group has neither members nor offsets */
    GroupDescription describeGroup(String groupId);

    /**
     * Deletes a group's committed offsets.
     *
     * @throws dev.brook.protocol.errors.NonEmptyGroupException if it still has members
     * @throws dev.brook.protocol.errors.GroupIdNotFoundException if it does not exist
     */
    void deleteGroup(String groupId);
}
