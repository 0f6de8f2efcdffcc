package dev.brook.server.handler;

import dev.brook.core.Broker;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatRequest;
import dev.brook.protocol.wire.DeleteGroupsRequest;
import dev.brook.protocol.wire.DescribeGroupsRequest;
import dev.brook.protocol.wire.ListGroupsRequest;
import dev.brook.protocol.wire.OffsetCommitRequest;
import dev.brook.protocol.wire.OffsetFetchRequest;
import dev.brook.protocol.wire.ApiVersionsRequest;
import dev.brook.protocol.wire.ApiVersionsResponse;
import dev.brook.protocol.wire.AlterConfigsRequest;
import dev.brook.protocol.wire.CreatePartitionsRequest;
import dev.brook.protocol.wire.CreateTopicsRequest;
import dev.brook.protocol.wire.DeleteTopicsRequest;
import dev.brook.protocol.wire.DescribeConfigsRequest;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.ListOffsetsRequest;
import dev.brook.protocol.wire.ListOffsetsResponse;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.RequestHeader;
import dev.brook.protocol.wire.Wire;
import dev.brook.core.PartitionDescription;
import dev.brook.core.TopicDescription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a request body by its API key and version and serves it against the {@link Broker},
 * independently of the network: the server's connections call {@link #dispatch} on an I/O thread
 * and write whatever the returned future completes with.
 *
 * <p>Thread-safe.
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    private final Broker broker;
    private final ServerIdentity identity;
    private final ProduceHandler produce;
    private final FetchHandler fetch;
    private final TopicAdminHandler admin;
    private final GroupsHandler groups;

    /** Where clients reach this broker, for Metadata; the port is known only once the listener is bound. */
    public interface ServerIdentity {
        int brokerId();

        String host();

        int port();

        int maxRequestBytes();
    }

    public RequestDispatcher(Broker broker, ServerIdentity identity, FetchPurgatory purgatory) {
        this.broker = broker;
        this.identity = identity;
        this.produce = new ProduceHandler(broker);
        this.fetch = new FetchHandler(broker, purgatory);
        this.admin = new TopicAdminHandler(broker);
        this.groups = new GroupsHandler(broker);
    }

    /**
     * Serves one request whose header has been read. The body is read from {@code body}, which
     * must stay valid until the returned future completes (produce appends straight from it).
     * Failures become error responses; the future completes exceptionally only on a bug.
     */
    public CompletableFuture<Response> dispatch(RequestHeader header, ByteBuffer body) {
        int correlationId = header.correlationId();
        ApiKey api = ApiKey.forId(header.apiKey());
        if (api == null) {
            return CompletableFuture.completedFuture(Response.error(correlationId, ErrorCode.UNSUPPORTED_VERSION,
                    "unknown API key " + header.apiKey()));
        }
        if (!api.isVersionSupported(header.apiVersion())) {
            return CompletableFuture.completedFuture(Response.error(correlationId, ErrorCode.UNSUPPORTED_VERSION,
                    api.displayName() + " version " + header.apiVersion() + " is not supported; this broker speaks "
                            + api.oldestVersion() + " to " + api.latestVersion()));
        }
        try {
            short version = header.apiVersion();
            CompletableFuture<? extends Message> served = serve(api, version, body, header.clientId());
            if (served == null) {
                return CompletableFuture.completedFuture(Response.NONE);
            }
            return served.handle((message, failure) -> failure == null ? Response.ok(correlationId, message)
                    : Response.error(correlationId, Errors.code(failure),
                            Errors.message(failure, api.displayName() + " request")));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Response.error(correlationId, Errors.code(e),
                    Errors.message(e, api.displayName() + " request")));
        }
    }

    /** Returns null when no response is to be sent. */
    private CompletableFuture<? extends Message> serve(ApiKey api, short version, ByteBuffer body, String clientId) {
        switch (api) {
            case API_VERSIONS:
                decode(body, api, b -> ApiVersionsRequest.read(b, version));
                return done(ApiVersionsResponse.current(identity.maxRequestBytes()));
            case METADATA:
                return done(metadata(decode(body, api, b -> MetadataRequest.read(b, version))));
            case PRODUCE: {
                // acks=0 asks for no response at all, even to a body that cannot be decoded.
                boolean noResponse = body.remaining() >= 2 && body.getShort(body.position()) == 0;
                ProduceRequest request;
                try {
                    request = decode(body, api, b -> ProduceRequest.read(b, version));
                } catch (RuntimeException e) {
                    if (noResponse) {
                        log.warn("dropping an undecodable acks=0 produce request: {}", e.getMessage());
                        return null;
                    }
                    throw e;
                }
                ProduceResponse response = produce.handle(request);
                if (request.acks() == 0) {
                    logFailures(response);
                    return null;
                }
                return done(response);
            }
            case FETCH:
                return fetch.handle(decode(body, api, b -> FetchRequest.read(b, version)));
            case LIST_OFFSETS:
                return done(listOffsets(decode(body, api, b -> ListOffsetsRequest.read(b, version))));
            case CREATE_TOPICS:
                return done(admin.createTopics(decode(body, api, b -> CreateTopicsRequest.read(b, version))));
            case DELETE_TOPICS:
                return done(admin.deleteTopics(decode(body, api, b -> DeleteTopicsRequest.read(b, version))));
            case CREATE_PARTITIONS:
                return done(admin.createPartitions(decode(body, api, b -> CreatePartitionsRequest.read(b, version))));
            case DESCRIBE_CONFIGS:
                return done(admin.describeConfigs(decode(body, api, b -> DescribeConfigsRequest.read(b, version))));
            case ALTER_CONFIGS:
                return done(admin.alterConfigs(decode(body, api, b -> AlterConfigsRequest.read(b, version))));
            case CONSUMER_GROUP_HEARTBEAT:
                return done(groups.heartbeat(decode(body, api, b -> ConsumerGroupHeartbeatRequest.read(b, version)),
                        clientId));
            case OFFSET_COMMIT:
                return done(groups.commit(decode(body, api, b -> OffsetCommitRequest.read(b, version))));
            case OFFSET_FETCH:
                return done(groups.fetch(decode(body, api, b -> OffsetFetchRequest.read(b, version))));
            case LIST_GROUPS:
                decode(body, api, b -> ListGroupsRequest.read(b, version));
                return done(groups.list());
            case DESCRIBE_GROUPS:
                return done(groups.describe(decode(body, api, b -> DescribeGroupsRequest.read(b, version))));
            case DELETE_GROUPS:
                return done(groups.delete(decode(body, api, b -> DeleteGroupsRequest.read(b, version))));
            default:
                throw new IllegalStateException("no handler for " + api);
        }
    }

    private static void logFailures(ProduceResponse response) {
        for (ProduceResponse.TopicResult topic : response.topics()) {
            for (ProduceResponse.PartitionResult partition : topic.partitions()) {
                if (partition.errorCode() != ErrorCode.NONE) {
                    log.warn("acks=0 produce to {}-{} failed with {}: {}", topic.name(), partition.partition(),
                            partition.errorCode(), partition.errorMessage());
                }
            }
        }
    }

    private static <T> T decode(ByteBuffer body, ApiKey api, Function<ByteBuffer, T> reader) {
        return Wire.read(body, api.displayName() + " request", reader);
    }

    private static <T extends Message> CompletableFuture<T> done(T message) {
        return CompletableFuture.completedFuture(message);
    }

    private MetadataResponse metadata(MetadataRequest request) {
        List<String> names = request.topics() == null ? broker.listTopics() : request.topics();
        List<MetadataResponse.TopicMetadata> topics = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                TopicDescription topic = broker.describeTopic(name);
                List<MetadataResponse.PartitionMetadata> partitions = new ArrayList<>();
                for (PartitionDescription partition : topic.partitions()) {
                    partitions.add(new MetadataResponse.PartitionMetadata(partition.partition(), identity.brokerId(),
                            partition.logStartOffset(), partition.logEndOffset()));
                }
                topics.add(new MetadataResponse.TopicMetadata(ErrorCode.NONE, null, name, topic.topicId(), partitions));
            } catch (RuntimeException e) {
                topics.add(new MetadataResponse.TopicMetadata(Errors.code(e), Errors.message(e, "metadata of " + name),
                        name, MetadataResponse.NO_TOPIC_ID, List.of()));
            }
        }
        return new MetadataResponse(identity.brokerId(), identity.host(), identity.port(), topics);
    }

    private ListOffsetsResponse listOffsets(ListOffsetsRequest request) {
        List<ListOffsetsResponse.TopicResult> topics = new ArrayList<>();
        for (ListOffsetsRequest.TopicData topic : request.topics()) {
            List<ListOffsetsResponse.PartitionResult> partitions = new ArrayList<>();
            for (ListOffsetsRequest.PartitionData partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                try {
                    long offset;
                    if (partition.timestamp() == ListOffsetsRequest.EARLIEST) {
                        offset = broker.logStartOffset(tp.topic(), tp.partition());
                    } else if (partition.timestamp() == ListOffsetsRequest.LATEST) {
                        offset = broker.logEndOffset(tp.topic(), tp.partition());
                    } else if (partition.timestamp() < 0) {
                        throw new BrookException(ErrorCode.INVALID_TIMESTAMP, "timestamp " + partition.timestamp()
                                + " is neither -2 (earliest), -1 (latest) nor a time");
                    } else {
                        offset = broker.offsetForTimestamp(tp.topic(), tp.partition(), partition.timestamp());
                    }
                    partitions.add(new ListOffsetsResponse.PartitionResult(tp.partition(), ErrorCode.NONE, null, offset));
                } catch (RuntimeException e) {
                    partitions.add(new ListOffsetsResponse.PartitionResult(tp.partition(), Errors.code(e),
                            Errors.message(e, "list offsets of " + tp), -1L));
                }
            }
            topics.add(new ListOffsetsResponse.TopicResult(topic.name(), partitions));
        }
        return new ListOffsetsResponse(topics);
    }
}
