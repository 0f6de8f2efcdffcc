package dev.brook.server.handler;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.ResponseHeader;

/**
 * What to send back for one request: the header and, when the request was served, the API's
 * body. {@link #NONE} means nothing is sent (a produce with acks=0). Immutable.
 */
public record Response(ResponseHeader header, Message body) {
    /** No response at all. */
    public static final Response NONE = new Response(null, null);

    public static Response ok(int correlationId, Message body) {
        return new Response(ResponseHeader.ok(correlationId), body);
    }

    /** A request-level error: the header alone. */
    public static Response error(int correlationId, ErrorCode error, String message) {
        return new Response(new ResponseHeader(correlationId, error, message), null);
    }

    public boolean isNone() {
        return header == null;
    }
}
