package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;

/**
 * The start of every response frame, after the frame's int32 size:
 *
 * <pre>
 *  correlationId  int32    the request's
 *  errorCode      int16    for the request as a whole; NONE (0) when it was served
 *  errorMessage   string   nullable
 * </pre>
 *
 * When the error code is not NONE, the body ends here: this is how a request with an unknown
 * API key or version, or one that cannot be decoded, is answered. Otherwise the API's own
 * response fields follow.
 */
public record ResponseHeader(int correlationId, ErrorCode errorCode, String errorMessage) implements Message {
    public static ResponseHeader read(ByteBuffer buffer) {
        return new ResponseHeader(buffer.getInt(), ErrorCode.forCode(buffer.getShort()), Wire.readNullableString(buffer));
    }

    /** A header for a response that was served. */
    public static ResponseHeader ok(int correlationId) {
        return new ResponseHeader(correlationId, ErrorCode.NONE, null);
    }

    @Override
    public int sizeInBytes() {
        return 4 + 2 + Wire.sizeOfString(errorMessage);
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeInt(correlationId);
        out.writeShort(errorCode.code());
        out.writeString(errorMessage);
    }
}
