package dev.brook.server.kafka;

import dev.brook.server.network.IncomingRequest;
import dev.brook.server.network.OutgoingResponse;
import dev.brook.server.network.ProtocolSession;
import dev.brook.server.network.WireProtocol;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;

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

    public KafkaProtocol(KafkaApis apis) {
        this.apis = apis;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public ProtocolSession open(SocketAddress remote) {
        String clientHost = remote instanceof InetSocketAddress
                ? "/" + ((InetSocketAddress) remote).getAddress().getHostAddress() : String.valueOf(remote);
        return frame -> read(frame, clientHost);
    }

    private IncomingRequest read(ByteBuffer frame, String clientHost) {
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
        KafkaRequestContext context = new KafkaRequestContext(header, api, apiVersion, clientHost);
        if (api == ApiKeys.API_VERSIONS && !api.isVersionSupported(apiVersion)) {
            // A newer client than this broker: answer in version 0 with what this broker speaks.
            ApiVersionsRequest request = new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, apiVersion);
            return new Request(context, request);
        }
        if (!api.isVersionSupported(apiVersion)) {
            throw new InvalidRequestException(api.name + " version " + apiVersion + " is not one kafka-clients "
                    + "can parse (" + api.oldestVersion() + " to " + api.latestVersion() + ")");
        }
        AbstractRequest request = AbstractRequest.parseRequest(api, apiVersion, accessor).request;
        return new Request(context, request);
    }

    private final class Request implements IncomingRequest {
        private final KafkaRequestContext context;
        private final AbstractRequest request;

        Request(KafkaRequestContext context, AbstractRequest request) {
            this.context = context;
            this.request = request;
        }

        @Override
        public CompletableFuture<OutgoingResponse> serve() {
            return apis.handle(context, request).thenApply(this::outgoing);
        }

        @Override
        public OutgoingResponse failure(boolean shuttingDown) {
            Errors error = shuttingDown ? Errors.BROKER_NOT_AVAILABLE : Errors.UNKNOWN_SERVER_ERROR;
            return outgoing(request.getErrorResponse(0, error.exception()).data());
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
