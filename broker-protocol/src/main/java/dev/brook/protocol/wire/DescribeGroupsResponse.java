package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * DescribeGroups (key 15) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  groups  [groupId string, errorCode int16, errorMessage string (nullable),
 *           state string, assignor string (nullable), groupEpoch int32,
 *           members [memberId string, clientId string, memberEpoch int32,
 *                    assignment [topic string, partitions [int32]]],
 *           offsets [topic string, partitions [partition int32, committedOffset int64,
 *                                              logEndOffset int64, lag int64]]]
 * </pre>
 *
 * One element per group of the request. {@code assignor} is null while the group has no members;
 * {@code committedOffset} and {@code lag} are -1 for a partition with no committed offset. A group
 * with an error has state {@code Dead}, group epoch -1 and no members or offsets
 * ({@link DescribedGroup#error}).
 */
public record DescribeGroupsResponse(List<DescribedGroup> groups) implements Message {
    public record DescribedGroup(String groupId, ErrorCode errorCode, String errorMessage, String state,
            String assignor, int groupEpoch, List<Member> members, List<TopicLag> offsets) {
        /** A group that could not be described: it does not exist, or its id is not valid. */
        public static DescribedGroup error(String groupId, ErrorCode error, String message) {
            return new DescribedGroup(groupId, error, message, "Dead", null, -1, List.of(), List.of());
        }
    }

    public record Member(String memberId, String clientId, int memberEpoch, List<TopicPartitions> assignment) {
    }

    /** How far the group has consumed one topic's partitions. */
    public record TopicLag(String topic, List<PartitionLag> partitions) {
    }

    public record PartitionLag(int partition, long committedOffset, long logEndOffset, long lag) {
    }

    public static DescribeGroupsResponse read(ByteBuffer buffer, short version) {
        return new DescribeGroupsResponse(Wire.readArray(buffer, DescribeGroupsResponse::readGroup));
    }

    private static DescribedGroup readGroup(ByteBuffer buffer) {
        return new DescribedGroup(Wire.readString(buffer), ErrorCode.forCode(buffer.getShort()),
                Wire.readNullableString(buffer), Wire.readString(buffer), Wire.readNullableString(buffer),
                buffer.getInt(),
                Wire.readArray(buffer, m -> new Member(Wire.readString(m), Wire.readString(m), m.getInt(),
                        Wire.readArray(m, TopicPartitions::read))),
                Wire.readArray(buffer, t -> new TopicLag(Wire.readString(t), Wire.readArray(t,
                        p -> new PartitionLag(p.getInt(), p.getLong(), p.getLong(), p.getLong())))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(groups, g -> Wire.sizeOfString(g.groupId()) + 2 + Wire.sizeOfString(g.errorMessage())
                + Wire.sizeOfString(g.state()) + Wire.sizeOfString(g.assignor()) + 4
                + Wire.sizeOfArray(g.members(), m -> Wire.sizeOfString(m.memberId()) + Wire.sizeOfString(m.clientId())
                        + 4 + TopicPartitions.sizeOfList(m.assignment()))
                + Wire.sizeOfArray(g.offsets(), t -> Wire.sizeOfString(t.topic())
                        + Wire.sizeOfArray(t.partitions(), p -> 4 + 8 + 8 + 8)));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, groups, (o, g) -> {
            o.writeString(g.groupId());
            o.writeShort(g.errorCode().code());
            o.writeString(g.errorMessage());
            o.writeString(g.state());
            o.writeString(g.assignor());
            o.writeInt(g.groupEpoch());
            Wire.writeArray(o, g.members(), (w, m) -> {
                w.writeString(m.memberId());
                w.writeString(m.clientId());
                w.writeInt(m.memberEpoch());
                TopicPartitions.writeList(w, m.assignment());
            });
            Wire.writeArray(o, g.offsets(), (w, t) -> {
                w.writeString(t.topic());
                Wire.writeArray(w, t.partitions(), (x, p) -> {
                    x.writeInt(p.partition());
                    x.writeLong(p.committedOffset());
                    x.writeLong(p.logEndOffset());
                    x.writeLong(p.lag());
                });
            });
        });
    }
}
