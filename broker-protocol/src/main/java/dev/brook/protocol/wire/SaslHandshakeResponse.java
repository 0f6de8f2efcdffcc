package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * SaslHandshake (key 17) v0 response, after the {@link ResponseHeader}:
 * {@code mechanisms [string]}, the mechanisms the listener enables.
 */
public record SaslHandshakeResponse(List<String> mechanisms) implements Message {
    public static SaslHandshakeResponse read(ByteBuffer buffer, short version) {
        return new SaslHandshakeResponse(Wire.readArray(buffer, Wire::readString));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(mechanisms, Wire::sizeOfString);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, mechanisms, MessageOutput::writeString);
    }
}
