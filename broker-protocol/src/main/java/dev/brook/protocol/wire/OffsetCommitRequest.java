package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * OffsetCommit (key 8) v0: records how far a consumer group has consumed partitions.
 *
 * <pre>
 *  groupId      string
 *  memberId     string (nullable)   null commits outside group membership, as an admin tool or a
 *                                   consumer with manually assigned partitions does
 *  memberEpoch  int32               the member's current epoch; -1 ({@code NO_MEMBER_EPOCH}) when not a member
 *  topics       [name string, partitions [partition int32, offset int64, metadata string (nullable)]]
 * </pre>
 *
 * {@code offset} is the next offset the group will consume, not the last one consumed. Answered
 * with an {@link OffsetCommitResponse}; errors about the group or the member are in the response
 * header.
 */
public record OffsetCommitRequest(String groupId, String memberId, int memberEpoch, List<TopicOffsets> topics)
        implements Message {
    /** The epoch sent with a null member id. */
    public static final int NO_MEMBER_EPOCH = -1;

    /** One topic's offsets to commit. */
    public record TopicOffsets(String name, List<PartitionOffset> partitions) {
    }

    /** One partition's offset, with free-form metadata stored beside it. */
    public record PartitionOffset(int partition, long offset, String metadata) {
    }

    public static OffsetCommitRequest read(ByteBuffer buffer, short version) {
        return new OffsetCommitRequest(Wire.readString(buffer), Wire.readNullableString(buffer), buffer.getInt(),
                Wire.readArray(buffer, t -> new TopicOffsets(Wire.readString(t), Wire.readArray(t,
                        p -> new PartitionOffset(p.getInt(), p.getLong(), Wire.readNullableString(p))))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfString(groupId) + Wire.sizeOfString(memberId) + 4 + Wire.sizeOfArray(topics,
                t -> Wire.sizeOfString(t.name())
                        + Wire.sizeOfArray(t.partitions(), p -> 4 + 8 + Wire.sizeOfString(p.metadata())));
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeString(groupId);
        out.writeString(memberId);
        out.writeInt(memberEpoch);
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            Wire.writeArray(o, t.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeLong(p.offset());
                w.writeString(p.metadata());
            });
        });
    }
}
