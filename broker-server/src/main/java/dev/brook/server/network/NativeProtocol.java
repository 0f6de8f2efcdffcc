package dev.brook.server.network;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.RequestHeader;
import dev.brook.protocol.wire.SaslAuthBytes;
import dev.brook.protocol.wire.SaslHandshakeRequest;
import dev.brook.protocol.wire.SaslHandshakeResponse;
import dev.brook.protocol.wire.Wire;
import dev.brook.server.handler.Errors;
import dev.brook.server.handler.RequestContext;
import dev.brook.server.handler.RequestDispatcher;
import dev.brook.server.handler.Response;
import dev.brook.server.security.Authorizer;
import dev.brook.server.security.CredentialStore;
import dev.brook.server.security.SaslAuthenticator;
import dev.brook.server.security.SaslAuthenticator.RequestKind;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brook's own protocol ({@code docs/protocol.md}) on a {@link Listener}: reads Brook's request
 * header, serves the body through the {@link RequestDispatcher}, and encodes the response with
 * record data as file regions.
 *
 * <p><b>Authentication.</b> With SASL mechanisms enabled, each connection must authenticate first
 * (SaslHandshake, then SaslAuthenticate until the mechanism completes; the shared
 * {@link SaslAuthenticator} does the work). Before that only ApiVersions and the two SASL requests
 * are served: anything else is answered with {@code ILLEGAL_SASL_STATE}, and a refused mechanism
 * or failed authentication with {@code UNSUPPORTED_SASL_MECHANISM} or
 * {@code SASL_AUTHENTICATION_FAILED}; each of these closes the connection once its answer is
 * written. The check is made when a request is served, and a connection's requests are served one
 * at a time in arrival order, so a request is judged by what the SASL requests before it did.
 * Requests are then dispatched as the authenticated principal; without SASL, as
 * {@link Authorizer#ANONYMOUS}.
 *
 * <p>Thread-safe; sessions are per connection.
 */
public final class NativeProtocol implements WireProtocol {
    private static final Logger log = LoggerFactory.getLogger(NativeProtocol.class);

    private final RequestDispatcher dispatcher;
    private final List<String> saslMechanisms;
    private final CredentialStore credentials;

    public NativeProtocol(RequestDispatcher dispatcher) {
        this(dispatcher, List.of(), null);
    }

    /** A listener that requires SASL with one of {@code saslMechanisms} (none: no authentication). */
    public NativeProtocol(RequestDispatcher dispatcher, List<String> saslMechanisms, CredentialStore credentials) {
        if (!saslMechanisms.isEmpty() && credentials == null) {
            throw new IllegalArgumentException("SASL needs a credential store");
        }
        this.dispatcher = dispatcher;
        this.saslMechanisms = List.copyOf(saslMechanisms);
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "brook";
    }

    @Override
    public ProtocolSession open(SocketAddress remote) {
        String clientHost = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? "/" + inet.getAddress().getHostAddress() : String.valueOf(remote);
        Session session = new Session(clientHost, saslMechanisms.isEmpty() ? null
                : new SaslAuthenticator("brook", saslMechanisms, credentials, clientHost));
        return new ProtocolSession() {
            @Override
            public IncomingRequest read(ByteBuffer frame) {
                return new Request(RequestHeader.read(frame), frame, session);
            }

            @Override
            public int maxFrameBytes() {
                return session.sasl() == null ? Integer.MAX_VALUE : session.sasl().maxFrameBytes();
            }
        };
    }

    /** One connection's identity. */
    private record Session(String clientHost, SaslAuthenticator sasl) {
        RequestContext context() {
            String principal = sasl == null ? null : sasl.principal();
            return new RequestContext(principal == null ? Authorizer.ANONYMOUS : principal, clientHost);
        }
    }

    private final class Request implements IncomingRequest {
        private final RequestHeader header;
        private final ByteBuffer body;
        private final Session session;

        Request(RequestHeader header, ByteBuffer body, Session session) {
            this.header = header;
            this.body = body;
            this.session = session;
        }

        @Override
        public CompletableFuture<OutgoingResponse> serve() {
            ApiKey api = ApiKey.forId(header.apiKey());
            boolean saslRequest = api == ApiKey.SASL_HANDSHAKE || api == ApiKey.SASL_AUTHENTICATE;
            SaslAuthenticator sasl = session.sasl();
            if (sasl != null) {
                RequestKind kind = api == ApiKey.API_VERSIONS ? RequestKind.API_VERSIONS
                        : api == ApiKey.SASL_HANDSHAKE ? RequestKind.HANDSHAKE
                        : api == ApiKey.SASL_AUTHENTICATE ? RequestKind.AUTHENTICATE : RequestKind.OTHER;
                String refusal = sasl.refusal(apiName(), kind);
                if (refusal != null) {
                    log.warn("closing connection from {}: {}", session.clientHost(), refusal);
                    return closing(ErrorCode.ILLEGAL_SASL_STATE, refusal);
                }
            }
            if (saslRequest && api.isVersionSupported(header.apiVersion())) {
                try {
                    return api == ApiKey.SASL_HANDSHAKE ? handshake(sasl) : authenticate(sasl);
                } catch (RuntimeException e) {
                    return closing(Errors.code(e), Errors.message(e, api.displayName() + " request"));
                }
            }
            return dispatcher.dispatch(header, body, session.context()).thenApply(NativeProtocol::outgoing);
        }

        private CompletableFuture<OutgoingResponse> handshake(SaslAuthenticator sasl) {
            SaslHandshakeRequest request = Wire.read(body, "SaslHandshake request",
                    b -> SaslHandshakeRequest.read(b, header.apiVersion()));
            if (sasl == null) {
                log.warn("closing connection from {}: it asked to authenticate with {}, but this listener does not"
                        + " authenticate clients", session.clientHost(), request.mechanism());
                return closing(ErrorCode.UNSUPPORTED_SASL_MECHANISM, "this listener does not authenticate clients "
                        + "(sasl.enabled.mechanisms is empty): connect without SASL");
            }
            if (!sasl.start(request.mechanism())) {
                return closing(ErrorCode.UNSUPPORTED_SASL_MECHANISM,
                        sasl.unsupportedMechanismMessage(request.mechanism()));
            }
            return CompletableFuture.completedFuture(outgoing(Response.ok(header.correlationId(),
                    new SaslHandshakeResponse(sasl.mechanisms()))));
        }

        private CompletableFuture<OutgoingResponse> authenticate(SaslAuthenticator sasl) {
            SaslAuthBytes request = Wire.read(body, "SaslAuthenticate request",
                    b -> SaslAuthBytes.read(b, header.apiVersion()));
            if (sasl == null) {
                return closing(ErrorCode.ILLEGAL_SASL_STATE, "this listener does not authenticate clients "
                        + "(sasl.enabled.mechanisms is empty): connect without SASL");
            }
            SaslAuthenticator.Step step = sasl.evaluate(request.authBytes());
            if (step.failed()) {
                return closing(ErrorCode.SASL_AUTHENTICATION_FAILED, step.failure());
            }
            return CompletableFuture.completedFuture(outgoing(Response.ok(header.correlationId(),
                    new SaslAuthBytes(step.challenge()))));
        }

        /** An error answer after which the connection is closed. */
        private CompletableFuture<OutgoingResponse> closing(ErrorCode error, String message) {
            return CompletableFuture.completedFuture(new Encoded(Response.error(header.correlationId(), error, message),
                    true));
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
        return response.isNone() ? OutgoingResponse.NONE : new Encoded(response, false);
    }

    /** A native response, encoded on demand into pooled buffers and file regions. */
    private record Encoded(Response response, boolean closesConnection) implements OutgoingResponse {
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
