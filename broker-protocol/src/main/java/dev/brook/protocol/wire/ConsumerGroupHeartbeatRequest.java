package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * ConsumerGroupHeartbeat (key 68) v0: a member joins a consumer group, stays in it, acknowledges
 * revocations and leaves it. The broker assigns the partitions (see {@code docs/protocol.md},
 * Consumer groups).
 *
 * <pre>
 *  groupId               string
 *  memberId              string (nullable)    null or empty to join as a new member; else the member's id
 *  memberEpoch           int32                0 joins, -1 leaves, else the member's current epoch
 *  rebalanceTimeoutMs    int32                how long the member may take to release revoked partitions;
 *                                             -1: unchanged
 *  subscribedTopicNames  [string] (nullable)  null: unchanged since the last heartbeat; required to join
 *  serverAssignor        string (nullable)    "range", "roundrobin" or "uniform"; null: unchanged, or the
 *                                             broker's default ("uniform") when joining
 *  ownedPartitions       [topic string, partitions [int32]] (nullable)
 *                                             the partitions the member owns now; null: unchanged
 * </pre>
 *
 * The epochs and assignor names are the constants {@link #JOIN_EPOCH}, {@link #LEAVE_EPOCH},
 * {@link #RANGE}, {@link #ROUND_ROBIN} and {@link #UNIFORM}. Answered with a
 * {@link ConsumerGroupHeartbeatResponse}; errors about the group or the member are in the response
 * header.
 */
public record ConsumerGroupHeartbeatRequest(String groupId, String memberId, int memberEpoch, int rebalanceTimeoutMs,
        List<String> subscribedTopicNames, String serverAssignor, List<TopicPartitions> ownedPartitions)
        implements Message {
    /** The epoch of a member's first heartbeat. */
    public static final int JOIN_EPOCH = 0;
    /** The epoch of a heartbeat that leaves the group. */
    public static final int LEAVE_EPOCH = -1;
    /** Assigns each topic's partitions in contiguous ranges, topic by topic. */
    public static final String RANGE = "range";
    /** Deals all subscribed partitions out one at a time, in turn. */
    public static final String ROUND_ROBIN = "roundrobin";
    /** Balances partition counts and keeps partitions where they are when it can (sticky). */
    public static final String UNIFORM = "uniform";

    public static ConsumerGroupHeartbeatRequest read(ByteBuffer buffer, short version) {
        return new ConsumerGroupHeartbeatRequest(Wire.readString(buffer), Wire.readNullableString(buffer),
                buffer.getInt(), buffer.getInt(), Wire.readNullableArray(buffer, Wire::readString),
                Wire.readNullableString(buffer), TopicPartitions.readNullableList(buffer));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfString(groupId) + Wire.sizeOfString(memberId) + 4 + 4
                + Wire.sizeOfArray(subscribedTopicNames, Wire::sizeOfString) + Wire.sizeOfString(serverAssignor)
                + TopicPartitions.sizeOfList(ownedPartitions);
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeString(groupId);
        out.writeString(memberId);
        out.writeInt(memberEpoch);
        out.writeInt(rebalanceTimeoutMs);
        Wire.writeArray(out, subscribedTopicNames, MessageOutput::writeString);
        out.writeString(serverAssignor);
        TopicPartitions.writeList(out, ownedPartitions);
    }
}
