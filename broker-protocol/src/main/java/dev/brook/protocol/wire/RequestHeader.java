package dev.brook.protocol.wire;

import java.nio.ByteBuffer;

/**
 * The header that starts every request frame, after the frame's int32 size:
 *
 * <pre>
 *  apiKey         int16
 *  apiVersion     int16
 *  correlationId  int32    echoed in the response
 *  clientId       string   nullable; for logs
 * </pre>
 */
public record RequestHeader(short apiKey, short apiVersion, int correlationId, String clientId) implements Message {
    /** Reads a header, leaving the buffer at the start of the body. */
    public static RequestHeader read(ByteBuffer buffer) {
        return new RequestHeader(buffer.getShort(), buffer.getShort(), buffer.getInt(), Wire.readNullableString(buffer));
    }

    @Override
    public int sizeInBytes() {
        return 2 + 2 + 4 + Wire.sizeOfString(clientId);
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeShort(apiKey);
        out.writeShort(apiVersion);
        out.writeInt(correlationId);
        out.writeString(clientId);
    }
}
