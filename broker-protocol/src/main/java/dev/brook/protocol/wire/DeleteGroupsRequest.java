package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * DeleteGroups (key 42) v0: {@code groupIds [string]}. Answered with a
 * {@link DeleteGroupsResponse}.
 */
public record DeleteGroupsRequest(List<String> groupIds) implements Message {
    public static DeleteGroupsRequest read(ByteBuffer buffer, short version) {
        return new DeleteGroupsRequest(Wire.readArray(buffer, Wire::readString));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(groupIds, Wire::sizeOfString);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, groupIds, MessageOutput::writeString);
    }
}
