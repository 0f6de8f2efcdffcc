package dev.brook.protocol.wire;

import java.nio.ByteBuffer;

/**
 * ListGroups (key 16) v0: asks for every consumer group the broker knows. The body is empty.
 * Answered with a {@link ListGroupsResponse}.
 */
public record ListGroupsRequest() implements Message {
    public static ListGroupsRequest read(ByteBuffer buffer, short version) {
        return new ListGroupsRequest();
    }

    @Override
    public int sizeInBytes() {
        return 0;
    }

    @Override
    public void writeTo(MessageOutput out) {
    }
}
