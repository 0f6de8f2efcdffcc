package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * AlterConfigs (key 44) v0: changes topics' settings key by key.
 *
 * <pre>
 *  topics  [name string, changes [key string, operation int8, value string (nullable)]]
 * </pre>
 *
 * {@code operation} is {@link #SET} (0): set the key on the topic, or {@link #DELETE} (1): remove
 * the topic's value so the broker default applies. A topic's changes apply all or none. Answered
 * with a {@link TopicErrorsResponse}.
 */
public record AlterConfigsRequest(List<TopicChanges> topics) implements Message {
    public static final byte SET = 0;
    public static final byte DELETE = 1;

    public record TopicChanges(String name, List<Change> changes) {
    }

    public record Change(String key, byte operation, String value) {
    }

    public static AlterConfigsRequest read(ByteBuffer buffer, short version) {
        return new AlterConfigsRequest(Wire.readArray(buffer, t -> new TopicChanges(Wire.readString(t),
                Wire.readArray(t, c -> new Change(Wire.readString(c), c.get(), Wire.readNullableString(c))))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name())
                + Wire.sizeOfArray(t.changes(), c -> Wire.sizeOfString(c.key()) + 1 + Wire.sizeOfString(c.value())));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            Wire.writeArray(o, t.changes(), (w, c) -> {
                w.writeString(c.key());
                w.writeByte(c.operation());
                w.writeString(c.value());
            });
        });
    }
}
