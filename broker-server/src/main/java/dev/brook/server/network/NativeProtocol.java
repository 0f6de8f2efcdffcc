package dev.brook.server.network;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.RequestHeader;
import dev.brook.server.handler.RequestDispatcher;
import dev.brook.server.handler.Response;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Brook's own protocol ({@code docs/protocol.md}) on a {@link Listener}: reads Brook's request
 * header, serves the body through the {@link RequestDispatcher}, and encodes the response with
 * record data as file regions.
 *
 * <p>Thread-safe and stateless per connection.
 */
public final class NativeProtocol implements WireProtocol {
    private final RequestDispatcher dispatcher;

    public NativeProtocol(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public String name() {
        return "brook";
    }

    @Override
    public ProtocolSession open(SocketAddress remote) {
        return frame -> new Request(RequestHeader.read(frame), frame);
    }

    private final class Request implements IncomingRequest {
        private final RequestHeader header;
        private final ByteBuffer body;

        Request(RequestHeader header, ByteBuffer body) {
            this.header = header;
            this.body = body;
        }

        @Override
        public CompletableFuture<OutgoingResponse> serve() {
            return dispatcher.dispatch(header, body).thenApply(NativeProtocol::outgoing);
        }

        @Override
        public OutgoingResponse failure(boolean shuttingDown) {
            return outgoing(shuttingDown
                    ? Response.error(header.correlationId(), ErrorCode.BROKER_NOT_AVAILABLE, "the broker is shutting down")
                    : Response.error(header.correlationId(), ErrorCode.UNKNOWN_SERVER_ERROR,
                            "the broker failed unexpectedly; see its log"));
        }

        @Override
        public String describe() {
            return header.toString();
        }

        @Override
        public String apiName() {
            ApiKey api = ApiKey.forId(header.apiKey());
            return api == null ? "unknown" : api.displayName();
        }
    }

    private static OutgoingResponse outgoing(Response response) {
        return response.isNone() ? OutgoingResponse.NONE : new Encoded(response);
    }

    /** A native response, encoded on demand into pooled buffers and file regions. */
    private record Encoded(Response response) implements OutgoingResponse {
        @Override
        public void reportErrors(ErrorSink sink) {
            NativeResponseErrors.report(response, sink);
        }

        @Override
        public List<Object> encode(ByteBufAllocator allocator) {
            int bodySize = response.body() == null ? 0 : response.body().sizeInBytes();
            int frameSize = response.header().sizeInBytes() + bodySize;
            NettyMessageOutput out = new NettyMessageOutput(allocator, 4 + Math.min(frameSize, 64 * 1024));
            try {
                out.writeInt(frameSize);
                response.header().writeTo(out);
                if (response.body() != null) {
                    response.body().writeTo(out);
                }
                return out.finish();
            } catch (RuntimeException e) {
                out.discard();
                throw e;
            }
        }
    }
}
