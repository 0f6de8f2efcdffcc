package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * DeleteTopics (key 20) v0: {@code topics [name string]}. Answered with a {@link TopicErrorsResponse}.
 */
public record DeleteTopicsRequest(List<String> topics) implements Message {
    public static DeleteTopicsRequest read(ByteBuffer buffer, short version) {
        return new DeleteTopicsRequest(Wire.readArray(buffer, Wire::readString));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, Wire::sizeOfString);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, MessageOutput::writeString);
    }
}
