package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * DescribeGroups (key 15) v0: {@code groupIds [string]}. Answered with a
 * {@link DescribeGroupsResponse}.
 */
public record DescribeGroupsRequest(List<String> groupIds) implements Message {
    public static DescribeGroupsRequest read(ByteBuffer buffer, short version) {
        return new DescribeGroupsRequest(Wire.readArray(buffer, Wire::readString));
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
