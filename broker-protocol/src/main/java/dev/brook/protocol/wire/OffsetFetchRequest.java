package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * OffsetFetch (key 9) v0: a consumer group's committed offsets.
 *
 * <pre>
 *  groupId  string
 *  topics   [topic string, partitions [int32]] (nullable: null asks for every committed offset of the group)
 * </pre>
 */
public record OffsetFetchRequest(String groupId, List<TopicPartitions> topics) implements Message {
    public static OffsetFetchRequest read(ByteBuffer buffer, short version) {
        return new OffsetFetchRequest(Wire.readString(buffer), TopicPartitions.readNullableList(buffer));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfString(groupId) + TopicPartitions.sizeOfList(topics);
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeString(groupId);
        TopicPartitions.writeList(out, topics);
    }
}
