package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Metadata (key 3) v0: describes the broker and topics.
 *
 * <pre>
 *  topics  [name string]   nullable: null (-1) asks for every topic
 * </pre>
 */
public record MetadataRequest(List<String> topics) implements Message {
    public static MetadataRequest read(ByteBuffer buffer, short version) {
        return new MetadataRequest(Wire.readNullableArray(buffer, Wire::readString));
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
