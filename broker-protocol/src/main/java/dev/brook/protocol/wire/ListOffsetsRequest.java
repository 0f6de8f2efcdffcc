package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * ListOffsets (key 2) v0: finds offsets by time.
 *
 * <pre>
 *  topics  [name string, partitions [partition int32, timestamp int64]]
 * </pre>
 *
 * {@code timestamp} is {@link #EARLIEST} (-2) for the log start offset, {@link #LATEST} (-1) for
 * the log end offset, or a time in milliseconds for the first offset whose timestamp is at or after it.
 */
public record ListOffsetsRequest(List<TopicData> topics) implements Message {
    public static final long EARLIEST = -2L;
    public static final long LATEST = -1L;

    public record TopicData(String name, List<PartitionData> partitions) {
    }

    public record PartitionData(int partition, long timestamp) {
    }

    public static ListOffsetsRequest read(ByteBuffer buffer, short version) {
        return new ListOffsetsRequest(Wire.readArray(buffer, topic -> new TopicData(Wire.readString(topic),
                Wire.readArray(topic, p -> new PartitionData(p.getInt(), p.getLong())))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, topic -> Wire.sizeOfString(topic.name())
                + Wire.sizeOfArray(topic.partitions(), p -> 4 + 8));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, topic) -> {
            o.writeString(topic.name());
            Wire.writeArray(o, topic.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeLong(p.timestamp());
            });
        });
    }
}
