package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * ConsumerGroupHeartbeat (key 68) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  memberId             string   the member's id: the one it sent, or the one given it on joining
 *  memberEpoch          int32    the member's epoch from now on; -1 after leaving
 *  heartbeatIntervalMs  int32    send the next heartbeat within this long
 *  assignment           [topic string, partitions [int32]] (nullable)
 *                                the member's whole assignment; null: unchanged since the last response
 * </pre>
 *
 * Errors about the group or the member ({@code UNKNOWN_MEMBER_ID}, {@code FENCED_MEMBER_EPOCH},
 * {@code INVALID_GROUP_ID}, {@code UNSUPPORTED_ASSIGNOR}, ...) are in the response header, and the
 * body is then absent.
 */
public record ConsumerGroupHeartbeatResponse(String memberId, int memberEpoch, int heartbeatIntervalMs,
        List<TopicPartitions> assignment) implements Message {
    public static ConsumerGroupHeartbeatResponse read(ByteBuffer buffer, short version) {
        return new ConsumerGroupHeartbeatResponse(Wire.readString(buffer), buffer.getInt(), buffer.getInt(),
                TopicPartitions.readNullableList(buffer));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfString(memberId) + 4 + 4 + TopicPartitions.sizeOfList(assignment);
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeString(memberId);
        out.writeInt(memberEpoch);
        out.writeInt(heartbeatIntervalMs);
        TopicPartitions.writeList(out, assignment);
    }
}
