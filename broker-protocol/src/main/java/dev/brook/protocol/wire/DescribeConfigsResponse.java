package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * DescribeConfigs (key 32) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  topics  [name string, errorCode int16, errorMessage string (nullable),
 *           configs [key string, value string, isDefault boolean]]
 * </pre>
 *
 * {@code isDefault} is false for a value set on the topic itself.
 */
public record DescribeConfigsResponse(List<TopicConfigs> topics) implements Message {
    public record TopicConfigs(String name, ErrorCode errorCode, String errorMessage, List<ConfigEntry> configs) {
    }

    public record ConfigEntry(String key, String value, boolean isDefault) {
    }

    public static DescribeConfigsResponse read(ByteBuffer buffer, short version) {
        return new DescribeConfigsResponse(Wire.readArray(buffer, t -> new TopicConfigs(Wire.readString(t),
                ErrorCode.forCode(t.getShort()), Wire.readNullableString(t), Wire.readArray(t,
                        c -> new ConfigEntry(Wire.readString(c), Wire.readString(c), Wire.readBoolean(c))))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name()) + 2 + Wire.sizeOfString(t.errorMessage())
                + Wire.sizeOfArray(t.configs(), c -> Wire.sizeOfString(c.key()) + Wire.sizeOfString(c.value()) + 1));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            o.writeShort(t.errorCode().code());
            o.writeString(t.errorMessage());
            Wire.writeArray(o, t.configs(), (w, c) -> {
                w.writeString(c.key());
                w.writeString(c.value());
                w.writeBoolean(c.isDefault());
            });
        });
    }
}
