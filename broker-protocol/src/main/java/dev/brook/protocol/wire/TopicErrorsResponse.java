package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The response of DeleteTopics (key 20), CreatePartitions (key 37) and AlterConfigs (key 44) v0,
 * after the {@link ResponseHeader}: one {@link TopicError} per topic of the request.
 *
 * <pre>
 *  topics  [name string, errorCode int16, errorMessage string (nullable)]
 * </pre>
 */
public record TopicErrorsResponse(List<TopicError> topics) implements Message {
    public static TopicErrorsResponse read(ByteBuffer buffer, short version) {
        return new TopicErrorsResponse(Wire.readArray(buffer, TopicError::read));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, TopicError::sizeInBytes);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }
}
