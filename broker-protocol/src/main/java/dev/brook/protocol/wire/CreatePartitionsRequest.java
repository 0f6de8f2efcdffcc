package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * CreatePartitions (key 37) v0: grows topics.
 *
 * <pre>
 *  topics  [name string, totalCount int32]   the new partition count, larger than the current one
 * </pre>
 *
 * Answered with a {@link TopicErrorsResponse}.
 */
public record CreatePartitionsRequest(List<TopicCount> topics) implements Message {
    public record TopicCount(String name, int totalCount) {
    }

    public static CreatePartitionsRequest read(ByteBuffer buffer, short version) {
        return new CreatePartitionsRequest(Wire.readArray(buffer, t -> new TopicCount(Wire.readString(t), t.getInt())));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name()) + 4);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            o.writeInt(t.totalCount());
        });
    }
}
