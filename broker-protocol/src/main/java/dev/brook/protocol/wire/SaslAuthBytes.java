package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * SaslAuthenticate (key 36) v0, request and response body alike: {@code authBytes bytes}, one
 * message of the SASL mechanism chosen by SaslHandshake: the client's next in a request, the
 * broker's answer (empty when it has none) in a response. A refusal is
 * {@code SASL_AUTHENTICATION_FAILED} in the response header, with no body.
 */
public record SaslAuthBytes(byte[] authBytes) implements Message {
    public static SaslAuthBytes read(ByteBuffer buffer, short version) {
        return new SaslAuthBytes(Wire.readBytes(buffer));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfBytes(authBytes);
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeBytes(out, authBytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SaslAuthBytes o && Arrays.equals(authBytes, o.authBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(authBytes);
    }

    /** Never the bytes: with PLAIN they hold the password. */
    @Override
    public String toString() {
        return "SaslAuthBytes[" + authBytes.length + " bytes]";
    }
}
