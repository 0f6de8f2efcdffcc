package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * CreateTopics (key 19) v0.
 *
 * <pre>
 *  topics        [name string, partitions int32, replicationFactor int16,
 *                 configs [key string, value string (nullable)]]
 *  validateOnly  boolean   check everything, create nothing
 * </pre>
 *
 * {@code replicationFactor} must be 1, or -1 for the default (1).
 */
public record CreateTopicsRequest(List<TopicSpec> topics, boolean validateOnly) implements Message {
    public record TopicSpec(String name, int partitions, short replicationFactor, List<Config> configs) {
    }

    public record Config(String key, String value) {
    }

    public static CreateTopicsRequest read(ByteBuffer buffer, short version) {
        return new CreateTopicsRequest(Wire.readArray(buffer, t -> new TopicSpec(Wire.readString(t), t.getInt(),
                t.getShort(), Wire.readArray(t, c -> new Config(Wire.readString(c), Wire.readNullableString(c))))),
                Wire.readBoolean(buffer));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name()) + 4 + 2
                + Wire.sizeOfArray(t.configs(), c -> Wire.sizeOfString(c.key()) + Wire.sizeOfString(c.value()))) + 1;
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            o.writeInt(t.partitions());
            o.writeShort(t.replicationFactor());
            Wire.writeArray(o, t.configs(), (w, c) -> {
                w.writeString(c.key());
                w.writeString(c.value());
            });
        });
        out.writeBoolean(validateOnly);
    }
}
