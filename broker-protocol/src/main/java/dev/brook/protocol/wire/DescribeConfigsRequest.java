package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * DescribeConfigs (key 32) v0: a topic's effective settings.
 *
 * <pre>
 *  topics  [name string, keys [key string] (nullable: null asks for every key)]
 * </pre>
 */
public record DescribeConfigsRequest(List<TopicKeys> topics) implements Message {
    public record TopicKeys(String name, List<String> keys) {
    }

    public static DescribeConfigsRequest read(ByteBuffer buffer, short version) {
        return new DescribeConfigsRequest(Wire.readArray(buffer,
                t -> new TopicKeys(Wire.readString(t), Wire.readNullableArray(t, Wire::readString))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name()) + Wire.sizeOfArray(t.keys(), Wire::sizeOfString));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            Wire.writeArray(o, t.keys(), MessageOutput::writeString);
        });
    }
}
