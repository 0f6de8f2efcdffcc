package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * ListGroups (key 16) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  groups  [groupId string, state string, memberCount int32]
 * </pre>
 *
 * Every group that has members or committed offsets. {@code state} is {@code Empty},
 * {@code Reconciling} or {@code Stable} (see {@code docs/protocol.md}, Consumer groups).
 */
public record ListGroupsResponse(List<ListedGroup> groups) implements Message {
    public record ListedGroup(String groupId, String state, int memberCount) {
    }

    public static ListGroupsResponse read(ByteBuffer buffer, short version) {
        return new ListGroupsResponse(Wire.readArray(buffer,
                g -> new ListedGroup(Wire.readString(g), Wire.readString(g), g.getInt())));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(groups, g -> Wire.sizeOfString(g.groupId()) + Wire.sizeOfString(g.state()) + 4);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, groups, (o, g) -> {
            o.writeString(g.groupId());
            o.writeString(g.state());
            o.writeInt(g.memberCount());
        });
    }
}
