package dev.brook.server.kafka;

import dev.brook.server.network.IncomingRequest;
import dev.brook.server.network.OutgoingResponse;
import dev.brook.server.network.ProtocolSession;
import dev.brook.server.network.WireProtocol;
import dev.brook.server.security.CredentialStore;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;

/**
 * Apache Kafka's protocol on a Brook listener. A frame's request header is read with Kafka's own
 * header class in the header version its API and version call for, and the body with the API's
 * generated request class; {@link KafkaApis} serves it.
 *
 * <p>As Apache Kafka does: an ApiVersions request of a version this broker does not know is
 * answered (version 0, UNSUPPORTED_VERSION, with the versions it does speak) so that the client
 * can pick one; a known API this broker does not serve, or a version above what it advertises,
 * is answered with that API's UNSUPPORTED_VERSION error response; an unknown API key or a body
 * that cannot be parsed closes the connection.
 *
 * <p>Thread-safe; sessions are per connection.
 */
public final class KafkaProtocol implements WireProtocol {
    private final KafkaApis apis;
    private final List<String> saslMechanisms;
    private final CredentialStore credentials;

    public KafkaProtocol(KafkaApis apis) {
        this(apis, List.of(), null);
    }

    /**
     * A listener that requires SASL authentication with one of {@code saslMechanisms} (none: no
     * authentication) against {@code credentials}; see {@link KafkaSaslSession}.
     */
    public KafkaProtocol(KafkaApis apis, List<String> saslMechanisms, CredentialStore credentials) {
        this.apis = apis;
        this.saslMechanisms = List.copyOf(saslMechanisms);
        this.credentials = credentials;
        if (!saslMechanisms.isEmpty() && credentials == null) {
            throw new IllegalArgumentException("SASL needs a credential store");
        }
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public ProtocolSession open(SocketAddress remote) {
        String clientHost = remote instanceof InetSocketAddress
                ? "/" + ((InetSocketAddress) remote).getAddress().getHostAddress() : String.valueOf(remote);
        KafkaSaslSession sasl = saslMechanisms.isEmpty() ? null
                : new KafkaSaslSession(saslMechanisms, credentials, clientHost);
        return new ProtocolSession() {
            @Override
            public IncomingRequest read(ByteBuffer frame) {
                return KafkaProtocol.this.read(frame, clientHost, sasl);
            }

            @Override
            public int maxFrameBytes() {
                return sasl == null ? Integer.MAX_VALUE : sasl.maxFrameBytes();
            }
        };
    }

    private IncomingRequest read(ByteBuffer frame, String clientHost, KafkaSaslSession sasl) {
        if (frame.remaining() < 4) {
            throw new InvalidRequestException("a " + frame.remaining() + "-byte frame is too short for a request header");
        }
        short apiKey = frame.getShort(frame.position());
        short apiVersion = frame.getShort(frame.position() + 2);
        if (!ApiKeys.hasId(apiKey)) {
            throw new InvalidRequestException("unknown API key " + apiKey);
        }
        ApiKeys api = ApiKeys.forId(apiKey);
        ByteBufferAccessor accessor = new ByteBufferAccessor(frame);
        RequestHeaderData header = new RequestHeaderData(accessor, api.requestHeaderVersion(apiVersion));
        String principal = sasl == null ? null : sasl.principal();
        KafkaRequestContext context = new KafkaRequestContext(header, api, apiVersion, clientHost,
                principal == null ? dev.brook.server.security.Authorizer.ANONYMOUS : principal);
        if (sasl != null) {
            sasl.checkAdmitted(api);
        }
        if (api == ApiKeys.API_VERSIONS && !api.isVersionSupported(apiVersion)) {
            // A newer client than this broker: answer in version 0 with what this broker speaks.
            ApiVersionsRequest request = new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, apiVersion);
            return new Request(context, request, sasl);
        }
        if (!api.isVersionSupported(apiVersion)) {
            throw new InvalidRequestException(api.name + " version " + apiVersion + " is not one kafka-clients "
                    + "can parse (" + api.oldestVersion() + " to " + api.latestVersion() + ")");
        }
        AbstractRequest request = AbstractRequest.parseRequest(api, apiVersion, accessor).request;
        if (sasl != null && (api == ApiKeys.SASL_HANDSHAKE || api == ApiKeys.SASL_AUTHENTICATE)
                && !KafkaApiVersions.servesSasl(api, apiVersion)) {
            throw new InvalidRequestException(api.name + " version " + apiVersion + " is not served");
        }
        return new Request(context, request, sasl);
    }

    private final class Request implements IncomingRequest {
        private final KafkaRequestContext context;
        private final AbstractRequest request;
        private final KafkaSaslSession sasl;

        Request(KafkaRequestContext context, AbstractRequest request, KafkaSaslSession sasl) {
            this.context = context;
            this.request = request;
            this.sasl = sasl;
        }

        @Override
        public CompletableFuture<OutgoingResponse> serve() {
            if (sasl != null && request instanceof SaslHandshakeRequest handshake) {
                return CompletableFuture.completedFuture(outgoing(sasl.handshake(handshake)));
            }
            if (sasl != null && request instanceof SaslAuthenticateRequest authenticate) {
                return CompletableFuture.completedFuture(outgoing(sasl.authenticate(authenticate)));
            }
            return apis.handle(context, request).thenApply(response -> {
                if (sasl != null && response instanceof ApiVersionsResponseData versions
                        && versions.errorCode() == Errors.NONE.code()) {
                    // The SASL APIs exist only on a listener that authenticates.
                    KafkaApiVersions.saslVersions().forEach(v -> versions.apiKeys().add(v));
                }
                return outgoing(response);
            });
        }

        @Override
        public OutgoingResponse failure(boolean shuttingDown) {
            Errors error = shuttingDown ? Errors.BROKER_NOT_AVAILABLE : Errors.UNKNOWN_SERVER_ERROR;
            AbstractResponse response = request.getErrorResponse(0, error.exception());
            // A produce with acks=0 has no response, failed or not (kafka-clients returns null).
            return response == null ? OutgoingResponse.NONE : outgoing(response.data());
        }

        @Override
        public String describe() {
            return context.describe();
        }

        @Override
        public String apiName() {
            return context.api().name;
        }

        private OutgoingResponse outgoing(ApiMessage response) {
            if (response == null) {
                return OutgoingResponse.NONE;
            }
            short version = context.apiVersion();
            short headerVersion = context.api().responseHeaderVersion(version);
            if (context.api() == ApiKeys.API_VERSIONS && !context.api().isVersionSupported(version)) {
                version = 0;
                headerVersion = 0;
            }
            return new KafkaResponse(context.correlationId(), headerVersion, response, version);
        }
    }
}
