package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;

/**
 * The outcome of an administrative request for one topic:
 * {@code name string, errorCode int16, errorMessage string (nullable)}.
 */
public record TopicError(String name, ErrorCode errorCode, String errorMessage) {
    public static TopicError ok(String name) {
        return new TopicError(name, ErrorCode.NONE, null);
    }

    static TopicError read(ByteBuffer buffer) {
        return new TopicError(Wire.readString(buffer), ErrorCode.forCode(buffer.getShort()),
                Wire.readNullableString(buffer));
    }

    int sizeInBytes() {
        return Wire.sizeOfString(name) + 2 + Wire.sizeOfString(errorMessage);
    }

    void writeTo(MessageOutput out) {
        out.writeString(name);
        out.writeShort(errorCode.code());
        out.writeString(errorMessage);
    }
}
