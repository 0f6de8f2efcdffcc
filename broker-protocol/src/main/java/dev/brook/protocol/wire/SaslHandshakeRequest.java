package dev.brook.protocol.wire;

import java.nio.ByteBuffer;

/**
 * SaslHandshake (key 17) v0: {@code mechanism string}, the SASL mechanism the client will
 * authenticate with ({@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}). Answered with a
 * {@link SaslHandshakeResponse}, or {@code UNSUPPORTED_SASL_MECHANISM} in the response header.
 */
public record SaslHandshakeRequest(String mechanism) implements Message {
    public static SaslHandshakeRequest read(ByteBuffer buffer, short version) {
        return new SaslHandshakeRequest(Wire.readString(buffer));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfString(mechanism);
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeString(mechanism);
    }
}
