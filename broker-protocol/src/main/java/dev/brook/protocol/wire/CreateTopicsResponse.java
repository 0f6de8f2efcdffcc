package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * CreateTopics (key 19) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  topics  [name string, errorCode int16, errorMessage string (nullable), topicId uuid]
 * </pre>
 *
 * {@code topicId} is all zeros on error or for validateOnly.
 */
public record CreateTopicsResponse(List<TopicResult> topics) implements Message {
    public record TopicResult(String name, ErrorCode errorCode, String errorMessage, UUID topicId) {
    }

    public static CreateTopicsResponse read(ByteBuffer buffer, short version) {
        return new CreateTopicsResponse(Wire.readArray(buffer, t -> new TopicResult(Wire.readString(t),
                ErrorCode.forCode(t.getShort()), Wire.readNullableString(t), Wire.readUuid(t))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name()) + 2 + Wire.sizeOfString(t.errorMessage()) + 16);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            o.writeShort(t.errorCode().code());
            o.writeString(t.errorMessage());
            o.writeUuid(t.topicId());
        });
    }
}
