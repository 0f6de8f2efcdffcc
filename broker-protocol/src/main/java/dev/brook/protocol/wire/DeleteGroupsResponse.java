package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * DeleteGroups (key 42) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  groups  [groupId string, errorCode int16, errorMessage string (nullable)]
 * </pre>
 *
 * One element per group of the request: {@code NONE} if it was deleted with its committed offsets.
 */
public record DeleteGroupsResponse(List<GroupResult> groups) implements Message {
    public record GroupResult(String groupId, ErrorCode errorCode, String errorMessage) {
        /** A group that was deleted. */
        public static GroupResult ok(String groupId) {
            return new GroupResult(groupId, ErrorCode.NONE, null);
        }
    }

    public static DeleteGroupsResponse read(ByteBuffer buffer, short version) {
        return new DeleteGroupsResponse(Wire.readArray(buffer,
                g -> new GroupResult(Wire.readString(g), ErrorCode.forCode(g.getShort()), Wire.readNullableString(g))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(groups, g -> Wire.sizeOfString(g.groupId()) + 2 + Wire.sizeOfString(g.errorMessage()));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, groups, (o, g) -> {
            o.writeString(g.groupId());
            o.writeShort(g.errorCode().code());
            o.writeString(g.errorMessage());
        });
    }
}
