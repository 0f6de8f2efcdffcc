package dev.brook.core;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
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
 * <p>The listing, description and deletion of groups, and the committed offsets, cover the classic
 * groups of {@link ClassicGroups} as well: one namespace holds both kinds. A group id with only
 * committed offsets is reported as an empty classic group with no protocol type, as Kafka reports
 * the "simple" groups that {@code assign()} consumers and admin tools commit for.
 *
 * <p>Thread-safe; the events of one group are handled one at a time.
 */
public interface ConsumerGroups {
    /** The group type of a group of this interface, as Kafka's ListGroups names it. */
    String CONSUMER_TYPE = "consumer";
    /** The group type of a {@link ClassicGroups} group, as Kafka's ListGroups names it. */
    String CLASSIC_TYPE = "classic";

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

    /**
     * A group in a listing.
     *
     * @param state Kafka's name of the state: "Empty", "Reconciling", "Stable" for a consumer group;
     *        "Empty", "PreparingRebalance", "CompletingRebalance", "Stable" for a classic one
     * @param groupType {@link #CONSUMER_TYPE} or {@link #CLASSIC_TYPE}
     * @param protocolType "consumer" for a consumer group; the members' protocol type for a classic
     *        one, "" for a group with only committed offsets
     */
    record GroupListing(String groupId, String state, int memberCount, String groupType, String protocolType) {
    }

    /**
     * A member as described. Of a classic member, {@code memberEpoch} is the group's generation and
     * {@code assignment} is empty: what it was given is the opaque {@code assignmentBytes}, and
     * {@code metadata} its metadata for the chosen protocol. Those are null for consumer-group
     * members, and {@code groupInstanceId} and {@code clientHost} may be null. Records with arrays
     * compare them by identity.
     */
    record MemberDescription(String memberId, String clientId, int memberEpoch, Set<TopicPartition> assignment,
            String groupInstanceId, String clientHost, byte[] metadata, byte[] assignmentBytes) {
    }

    /**
     * A group as described: its state, members and committed offsets. Of a classic group,
     * {@code assignor} and {@code protocol} are the chosen protocol (null until a rebalance chose
     * one) and {@code groupEpoch} its generation; of a consumer group, {@code protocol} is null.
     */
    record GroupDescription(String groupId, String state, String assignor, int groupEpoch,
            List<MemberDescription> members, Map<TopicPartition, OffsetAndMetadata> committedOffsets,
            String groupType, String protocolType, String protocol) {
    }

    /**
     * The outcome of an OffsetDelete: a group-level error ({@link ErrorCode#GROUP_ID_NOT_FOUND},
     * {@link ErrorCode#NON_EMPTY_GROUP}), or one per partition ({@link ErrorCode#NONE},
     * {@link ErrorCode#GROUP_SUBSCRIBED_TO_TOPIC}, {@link ErrorCode#UNKNOWN_TOPIC_OR_PARTITION}).
     */
    record OffsetDeleteResult(ErrorCode error, Map<TopicPartition, ErrorCode> partitions) {
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

    /**
     * The kind of the group while it has members: {@link #CONSUMER_TYPE} or {@link #CLASSIC_TYPE};
     * null when it has none (it may still have committed offsets), so either kind may take it.
     */
    String activeGroupType(String groupId);

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

    /**
     * Deletes the committed offsets of some partitions of a group (Kafka's OffsetDelete), except
     * those of topics that members of the group subscribe to. A classic group's subscriptions are
     * read from its members' metadata when its protocol type is "consumer" (Kafka's consumer
     * protocol); metadata that cannot be read counts as subscribing to every topic, and a classic
     * group with members of any other protocol type refuses with {@link ErrorCode#NON_EMPTY_GROUP}.
     *
     * @throws dev.brook.protocol.errors.InvalidGroupIdException for an empty group id
     */
    OffsetDeleteResult deleteOffsets(String groupId, Collection<TopicPartition> partitions);
}
