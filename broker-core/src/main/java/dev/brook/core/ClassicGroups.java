package dev.brook.core;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Groups of Apache Kafka's classic protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), where
 * the broker only coordinates and one member, the leader, computes the assignment on the client.
 * It behaves as Kafka's classic group coordinator, so that Kafka's own clients and tools can take
 * part; metadata and assignments are opaque bytes (for consumers, Kafka's consumer protocol).
 *
 * <p>A rebalance runs in two rounds. Every member sends a join; the join completes when all
 * known members have joined again, or after the rebalance timeout (the largest of the members')
 * without those that did not, and raises the generation. The leader's response lists every
 * member with its metadata for the chosen protocol; it then sends the assignment with its sync,
 * which completes every member's sync. A member that misses heartbeats for its session timeout is
 * removed, which starts a rebalance; heartbeats answer {@link ErrorCode#REBALANCE_IN_PROGRESS}
 * while one is being prepared, telling the member to join again.
 *
 * <p>Protocol-level outcomes are results: each result carries the {@link ErrorCode} that Kafka
 * puts in the response, so that a protocol handler maps it field by field. Only caller mistakes
 * (a null request) throw. A group id is either a classic group or a consumer group of
 * {@link ConsumerGroups}; while one kind has members, the other is refused with
 * {@link ErrorCode#INCONSISTENT_GROUP_PROTOCOL}. Committed offsets are shared with
 * {@link ConsumerGroups}, which also lists, describes and deletes classic groups.
 *
 * <p>Thread-safe; the events of one group are handled one at a time. Futures are completed
 * outside the group's lock, on the thread of the request or periodic check that completed them.
 */
public interface ClassicGroups {
    /** The member id of a member joining for the first time. */
    String NEW_MEMBER_ID = "";
    /** The generation of a result that carries an error, and of a commit from outside the group. */
    int NO_GENERATION = -1;

    /** One protocol a member supports, with its metadata for it (for consumers, its subscription). */
    record Protocol(String name, byte[] metadata) {
        public Protocol {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(metadata, "metadata");
        }
    }

    /**
     * A JoinGroup request.
     *
     * @param memberId {@link #NEW_MEMBER_ID} for a first join
     * @param groupInstanceId the static member's instance id (KIP-345), or null for a dynamic member
     * @param rebalanceTimeoutMs how long the group waits for this member to rejoin; -1 (JoinGroup v0)
     *        means the session timeout
     * @param protocols the protocols the member supports, preferred first
     * @param requireKnownMemberId whether a first join gets {@link ErrorCode#MEMBER_ID_REQUIRED} and a
     *        member id to join again with (KIP-394, JoinGroup v4 and later)
     * @param reason why the member joins, for the log; may be null
     */
    record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
            int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType, List<Protocol> protocols,
            boolean requireKnownMemberId, String reason) {
        public JoinRequest {
            Objects.requireNonNull(protocols, "protocols");
            protocols = List.copyOf(protocols);
        }
    }

    /** A member as its leader sees it in the join result. */
    record JoinedMember(String memberId, String groupInstanceId, byte[] metadata) {
    }

    /**
     * The JoinGroup response. On an error the generation is {@link #NO_GENERATION}, the protocol
     * name and leader are null and {@code memberId} is the request's (for
     * {@link ErrorCode#MEMBER_ID_REQUIRED}, the id to join again with).
     *
     * @param skipAssignment whether the leader must not compute an assignment (a static leader that
     *        rejoined without change, KIP-814): it syncs with none and keeps the current one
     * @param members every member with its metadata, for the leader; empty for the others
     */
    record JoinResult(ErrorCode error, int generationId, String protocolType, String protocolName, String leaderId,
            boolean skipAssignment, String memberId, List<JoinedMember> members) {
        public static JoinResult failed(ErrorCode error, String memberId, String protocolType) {
            return new JoinResult(error, NO_GENERATION, protocolType, null, null, false, memberId, List.of());
        }
    }

    /**
     * A SyncGroup request.
     *
     * @param protocolType the group's protocol type, or null where the request version has none
     * @param protocolName the group's protocol, or null where the request version has none
     * @param assignments the leader's assignment, by member id; empty from the other members
     */
    record SyncRequest(String groupId, int generationId, String memberId, String groupInstanceId, String protocolType,
            String protocolName, Map<String, byte[]> assignments) {
        public SyncRequest {
            assignments = assignments == null ? Map.of() : Map.copyOf(assignments);
        }
    }

    /** The SyncGroup response: the member's assignment, empty on an error. */
    record SyncResult(ErrorCode error, String protocolType, String protocolName, byte[] assignment) {
        public static SyncResult failed(ErrorCode error) {
            return new SyncResult(error, null, null, new byte[0]);
        }
    }

    /** A member named in a LeaveGroup; {@code memberId} may be empty for a static member named by instance id. */
    record MemberIdentity(String memberId, String groupInstanceId) {
    }

    /** The outcome for one member of a LeaveGroup. */
    record MemberLeaveResult(String memberId, String groupInstanceId, ErrorCode error) {
    }

    /** The LeaveGroup response: a request-level error and one outcome per member named. */
    record LeaveResult(ErrorCode error, List<MemberLeaveResult> members) {
    }

    /**
     * Joins the group, or joins again for a new generation. Completes when the rebalance completes,
     * or at once with an error ({@link ErrorCode#INVALID_GROUP_ID}, {@link ErrorCode#INVALID_SESSION_TIMEOUT},
     * {@link ErrorCode#INCONSISTENT_GROUP_PROTOCOL}, {@link ErrorCode#UNKNOWN_MEMBER_ID},
     * {@link ErrorCode#FENCED_INSTANCE_ID}, {@link ErrorCode#MEMBER_ID_REQUIRED},
     * {@link ErrorCode#GROUP_MAX_SIZE_REACHED}); a member whose place was taken meanwhile (a static
     * member replaced, a member that left) gets {@link ErrorCode#FENCED_INSTANCE_ID} or
     * {@link ErrorCode#UNKNOWN_MEMBER_ID}. Never completes exceptionally.
     */
    CompletableFuture<JoinResult> join(JoinRequest request);

    /**
     * Takes the leader's assignment, or waits for it. Completes when the leader has synced, or at
     * once if the group is stable already (with the member's current assignment) or on an error
     * ({@link ErrorCode#UNKNOWN_MEMBER_ID}, {@link ErrorCode#FENCED_INSTANCE_ID},
     * {@link ErrorCode#ILLEGAL_GENERATION}, {@link ErrorCode#INCONSISTENT_GROUP_PROTOCOL},
     * {@link ErrorCode#REBALANCE_IN_PROGRESS} also when a new rebalance starts while it waits).
     * Never completes exceptionally.
     */
    CompletableFuture<SyncResult> sync(SyncRequest request);

    /**
     * Keeps a member alive. {@link ErrorCode#NONE} while the group is stable (or completing the
     * rebalance the member has joined), {@link ErrorCode#REBALANCE_IN_PROGRESS} while a rebalance
     * is being prepared, else {@link ErrorCode#UNKNOWN_MEMBER_ID}, {@link ErrorCode#FENCED_INSTANCE_ID}
     * or {@link ErrorCode#ILLEGAL_GENERATION}.
     */
    ErrorCode heartbeat(String groupId, int generationId, String memberId, String groupInstanceId);

    /** Removes members on purpose (LeaveGroup; v3 and later name several), which starts a rebalance. */
    LeaveResult leave(String groupId, List<MemberIdentity> members);

    /**
     * Commits offsets as Kafka's OffsetCommit does for a classic group, returning an error code
     * per partition ({@link ErrorCode#NONE} for those committed).
     *
     * <p>A commit with generation {@link #NO_GENERATION} (a consumer using {@code assign()}, an
     * admin tool) is accepted only while the group has no members. Otherwise the member must be
     * known ({@link ErrorCode#UNKNOWN_MEMBER_ID}, {@link ErrorCode#FENCED_INSTANCE_ID}), the
     * generation current ({@link ErrorCode#ILLEGAL_GENERATION}; also for a generation given to a
     * group that does not exist), and the group not completing a rebalance
     * ({@link ErrorCode#REBALANCE_IN_PROGRESS}); during the preparation of a rebalance a member
     * may still commit with its generation, as consumers do when their partitions are revoked.
     * Partitions that do not exist get {@link ErrorCode#UNKNOWN_TOPIC_OR_PARTITION}. A consumer
     * group ({@link ConsumerGroups}) with members refuses every classic commit with
     * {@link ErrorCode#UNKNOWN_MEMBER_ID}.
     */
    Map<TopicPartition, ErrorCode> commitOffsets(String groupId, int generationId, String memberId,
            String groupInstanceId, Map<TopicPartition, OffsetAndMetadata> offsets);
}
