package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Some partitions of one topic, by number: {@code topic string, partitions [int32]}. The element of
 * a member's assignment and owned partitions in ConsumerGroupHeartbeat, of a member's assignment in
 * DescribeGroups, and of the partitions OffsetFetch asks for.
 */
public record TopicPartitions(String topic, List<Integer> partitions) {
    static TopicPartitions read(ByteBuffer buffer) {
        return new TopicPartitions(Wire.readString(buffer), Wire.readArray(buffer, ByteBuffer::getInt));
    }

    int sizeInBytes() {
        return Wire.sizeOfString(topic) + Wire.sizeOfArray(partitions, p -> 4);
    }

    void writeTo(MessageOutput out) {
        out.writeString(topic);
        Wire.writeArray(out, partitions, MessageOutput::writeInt);
    }

    /** A nullable array of these. */
    static List<TopicPartitions> readNullableList(ByteBuffer buffer) {
        return Wire.readNullableArray(buffer, TopicPartitions::read);
    }

    /** The size of an array of these; null (count -1) is four bytes like an empty one. */
    static int sizeOfList(List<TopicPartitions> list) {
        return Wire.sizeOfArray(list, TopicPartitions::sizeInBytes);
    }

    /** Writes an array of these; null writes count -1. */
    static void writeList(MessageOutput out, List<TopicPartitions> list) {
        Wire.writeArray(out, list, (o, t) -> t.writeTo(o));
    }
}
