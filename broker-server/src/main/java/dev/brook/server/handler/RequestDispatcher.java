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
import dev.brook.protocol.wire.DeleteGroupsResponse;
import dev.brook.protocol.wire.DescribeGroupsResponse;
import dev.brook.protocol.wire.ListGroupsResponse;
import dev.brook.protocol.wire.OffsetFetchResponse;
import dev.brook.protocol.wire.OffsetCommitResponse;
import dev.brook.protocol.wire.DescribeConfigsResponse;
import dev.brook.protocol.wire.CreateTopicsResponse;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.TopicPartitions;
import dev.brook.protocol.wire.TopicErrorsResponse;
import dev.brook.protocol.wire.TopicError;
import dev.brook.core.PartitionDescription;
import dev.brook.core.TopicDescription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import dev.brook.server.handler.NativeAuthorization.Access;
import dev.brook.server.handler.NativeAuthorization.Split;
import dev.brook.server.security.AclStore.Operation;
import dev.brook.server.security.AclStore.ResourceType;
import dev.brook.server.security.Authorizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a request body by its API key and version and serves it against the {@link Broker},
 * independently of the network: the server's connections call {@link #dispatch} on an I/O thread
 * and write whatever the returned future completes with. Each request is checked against the ACLs
 * first ({@link NativeAuthorization}), as the principal of the {@link RequestContext}.
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
    private final NativeAuthorization authorization;

    /** Where clients reach this broker, for Metadata; the port is known only once the listener is bound. */
    public interface ServerIdentity {
        int brokerId();

        String host();

        int port();

        int maxRequestBytes();
    }

    public RequestDispatcher(Broker broker, ServerIdentity identity, FetchPurgatory purgatory) {
        this(broker, identity, purgatory, Authorizer.allowAll());
    }

    /** A dispatcher that checks every request against {@code authorizer}'s ACLs. */
    public RequestDispatcher(Broker broker, ServerIdentity identity, FetchPurgatory purgatory, Authorizer authorizer) {
        this.authorization = new NativeAuthorization(authorizer);
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
        return dispatch(header, body, RequestContext.anonymous("(embedded)"));
    }

    /** As {@link #dispatch(RequestHeader, ByteBuffer)}, for a request sent by {@code context}'s principal. */
    public CompletableFuture<Response> dispatch(RequestHeader header, ByteBuffer body, RequestContext context) {
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
            Access access = authorization.access(context, api.displayName() + " (correlation id "
                    + correlationId + ", client '" + (header.clientId() == null ? "" : header.clientId()) + "')");
            CompletableFuture<? extends Message> served = serve(api, version, body, header.clientId(), access);
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
    private CompletableFuture<? extends Message> serve(ApiKey api, short version, ByteBuffer body, String clientId,
            Access access) {
        switch (api) {
            case API_VERSIONS:
                decode(body, api, b -> ApiVersionsRequest.read(b, version));
                return done(ApiVersionsResponse.current(identity.maxRequestBytes()));
            case METADATA:
                return done(metadata(decode(body, api, b -> MetadataRequest.read(b, version)), access));
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
                Split<ProduceRequest.TopicData> split = access.split(request.topics(), ProduceRequest.TopicData::name,
                        ResourceType.TOPIC, Operation.WRITE, false);
                ProduceResponse served = produce.handle(split.whole() ? request
                        : new ProduceRequest(request.acks(), request.timeoutMs(), split.allowed));
                ProduceResponse response = new ProduceResponse(split.merge(served.topics(),
                        (t, denied) -> new ProduceResponse.TopicResult(t.name(), t.partitions().stream()
                                .map(p -> ProduceResponse.PartitionResult.error(p.partition(),
                                        NativeAuthorization.TOPIC_DENIED, denied)).toList())));
                if (request.acks() == 0) {
                    logFailures(response);
                    return null;
                }
                return done(response);
            }
            case FETCH: {
                FetchRequest request = decode(body, api, b -> FetchRequest.read(b, version));
                Split<FetchRequest.TopicData> split = access.split(request.topics(), FetchRequest.TopicData::name,
                        ResourceType.TOPIC, Operation.READ, false);
                if (split.whole()) {
                    return fetch.handle(request);
                }
                // A refused partition is an error, and an error answers at once.
                return fetch.handle(new FetchRequest(0, request.minBytes(), request.maxBytes(), split.allowed))
                        .thenApply(served -> new FetchResponse(split.merge(served.topics(),
                                (t, denied) -> new FetchResponse.TopicResult(t.name(), t.partitions().stream()
                                        .map(p -> FetchResponse.PartitionResult.error(p.partition(),
                                                NativeAuthorization.TOPIC_DENIED, denied)).toList()))));
            }
            case LIST_OFFSETS: {
                ListOffsetsRequest request = decode(body, api, b -> ListOffsetsRequest.read(b, version));
                Split<ListOffsetsRequest.TopicData> split = access.split(request.topics(),
                        ListOffsetsRequest.TopicData::name, ResourceType.TOPIC, Operation.DESCRIBE, false);
                return done(new ListOffsetsResponse(split.merge(listOffsets(new ListOffsetsRequest(split.allowed))
                        .topics(), (t, denied) -> new ListOffsetsResponse.TopicResult(t.name(), t.partitions().stream()
                                .map(p -> new ListOffsetsResponse.PartitionResult(p.partition(),
                                        NativeAuthorization.TOPIC_DENIED, denied, -1L)).toList()))));
            }
            case CREATE_TOPICS: {
                CreateTopicsRequest request = decode(body, api, b -> CreateTopicsRequest.read(b, version));
                Split<CreateTopicsRequest.TopicSpec> split = access.split(request.topics(),
                        CreateTopicsRequest.TopicSpec::name, ResourceType.TOPIC, Operation.CREATE, true);
                return done(new CreateTopicsResponse(split.merge(admin.createTopics(new CreateTopicsRequest(
                        split.allowed, request.validateOnly())).topics(), (t, denied) -> new CreateTopicsResponse
                                .TopicResult(t.name(), NativeAuthorization.TOPIC_DENIED, denied,
                                        MetadataResponse.NO_TOPIC_ID))));
            }
            case DELETE_TOPICS: {
                DeleteTopicsRequest request = decode(body, api, b -> DeleteTopicsRequest.read(b, version));
                Split<String> split = access.split(request.topics(), name -> name, ResourceType.TOPIC,
                        Operation.DELETE, false);
                return done(topicErrors(split, name -> name, admin.deleteTopics(new DeleteTopicsRequest(split.allowed))));
            }
            case CREATE_PARTITIONS: {
                CreatePartitionsRequest request = decode(body, api, b -> CreatePartitionsRequest.read(b, version));
                Split<CreatePartitionsRequest.TopicCount> split = access.split(request.topics(),
                        CreatePartitionsRequest.TopicCount::name, ResourceType.TOPIC, Operation.ALTER, false);
                return done(topicErrors(split, CreatePartitionsRequest.TopicCount::name, admin.createPartitions(new CreatePartitionsRequest(split.allowed))));
            }
            case DESCRIBE_CONFIGS: {
                DescribeConfigsRequest request = decode(body, api, b -> DescribeConfigsRequest.read(b, version));
                Split<DescribeConfigsRequest.TopicKeys> split = access.split(request.topics(),
                        DescribeConfigsRequest.TopicKeys::name, ResourceType.TOPIC, Operation.DESCRIBE_CONFIGS, false);
                return done(new DescribeConfigsResponse(split.merge(admin.describeConfigs(
                        new DescribeConfigsRequest(split.allowed)).topics(), (t, denied) -> new DescribeConfigsResponse
                                .TopicConfigs(t.name(), NativeAuthorization.TOPIC_DENIED, denied, List.of()))));
            }
            case ALTER_CONFIGS: {
                AlterConfigsRequest request = decode(body, api, b -> AlterConfigsRequest.read(b, version));
                Split<AlterConfigsRequest.TopicChanges> split = access.split(request.topics(),
                        AlterConfigsRequest.TopicChanges::name, ResourceType.TOPIC, Operation.ALTER_CONFIGS, false);
                return done(topicErrors(split, AlterConfigsRequest.TopicChanges::name, admin.alterConfigs(new AlterConfigsRequest(split.allowed))));
            }
            case CONSUMER_GROUP_HEARTBEAT: {
                ConsumerGroupHeartbeatRequest request = decode(body, api,
                        b -> ConsumerGroupHeartbeatRequest.read(b, version));
                access.requireGroup(request.groupId(), Operation.READ);
                return done(groups.heartbeat(request, clientId));
            }
            case OFFSET_COMMIT: {
                OffsetCommitRequest request = decode(body, api, b -> OffsetCommitRequest.read(b, version));
                access.requireGroup(request.groupId(), Operation.READ);
                Split<OffsetCommitRequest.TopicOffsets> split = access.split(request.topics(),
                        OffsetCommitRequest.TopicOffsets::name, ResourceType.TOPIC, Operation.READ, false);
                return done(new OffsetCommitResponse(split.merge(groups.commit(new OffsetCommitRequest(
                        request.groupId(), request.memberId(), request.memberEpoch(), split.allowed)).topics(),
                        (t, denied) -> new OffsetCommitResponse.TopicResult(t.name(), t.partitions().stream()
                                .map(p -> new OffsetCommitResponse.PartitionResult(p.partition(),
                                        NativeAuthorization.TOPIC_DENIED, denied)).toList()))));
            }
            case OFFSET_FETCH: {
                OffsetFetchRequest request = decode(body, api, b -> OffsetFetchRequest.read(b, version));
                access.requireGroup(request.groupId(), Operation.DESCRIBE);
                return done(offsetFetch(request, access));
            }
            case LIST_GROUPS: {
                decode(body, api, b -> ListGroupsRequest.read(b, version));
                ListGroupsResponse listed = groups.list();
                return done(!access.enabled() ? listed : new ListGroupsResponse(listed.groups().stream()
                        .filter(g -> access.allows(ResourceType.GROUP, g.groupId(), Operation.DESCRIBE)).toList()));
            }
            case DESCRIBE_GROUPS: {
                DescribeGroupsRequest request = decode(body, api, b -> DescribeGroupsRequest.read(b, version));
                Split<String> split = access.split(request.groupIds(), id -> id, ResourceType.GROUP,
                        Operation.DESCRIBE, false);
                return done(new DescribeGroupsResponse(split.merge(groups.describe(new DescribeGroupsRequest(
                        split.allowed)).groups(), (id, denied) -> DescribeGroupsResponse.DescribedGroup.error(id,
                                NativeAuthorization.GROUP_DENIED, denied))));
            }
            case DELETE_GROUPS: {
                DeleteGroupsRequest request = decode(body, api, b -> DeleteGroupsRequest.read(b, version));
                Split<String> split = access.split(request.groupIds(), id -> id, ResourceType.GROUP,
                        Operation.DELETE, false);
                return done(new DeleteGroupsResponse(split.merge(groups.delete(new DeleteGroupsRequest(
                        split.allowed)).groups(), (id, denied) -> new DeleteGroupsResponse.GroupResult(id,
                                NativeAuthorization.GROUP_DENIED, denied))));
            }
            case SASL_HANDSHAKE:
            case SASL_AUTHENTICATE:
                // Connection state: the listener's session answers these before they get here.
                throw new BrookException(ErrorCode.ILLEGAL_SASL_STATE, api.displayName()
                        + " is answered by the connection, not dispatched");
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

    private static <T> TopicErrorsResponse topicErrors(Split<T> split, Function<T, String> name,
            TopicErrorsResponse served) {
        return new TopicErrorsResponse(split.merge(served.topics(),
                (t, denied) -> new TopicError(name.apply(t), NativeAuthorization.TOPIC_DENIED, denied)));
    }

    /** OffsetFetch: every committed offset leaves out the topics the principal may not describe; a named one is refused. */
    private OffsetFetchResponse offsetFetch(OffsetFetchRequest request, Access access) {
        if (!access.enabled()) {
            return groups.fetch(request);
        }
        if (request.topics() == null) {
            return new OffsetFetchResponse(groups.fetch(request).topics().stream()
                    .filter(t -> access.allows(ResourceType.TOPIC, t.name(), Operation.DESCRIBE)).toList());
        }
        Split<TopicPartitions> split = access.split(request.topics(), TopicPartitions::topic, ResourceType.TOPIC,
                Operation.DESCRIBE, false);
        List<OffsetFetchResponse.TopicResult> topics = new ArrayList<>(groups.fetch(new OffsetFetchRequest(
                request.groupId(), split.allowed)).topics());
        split.forEachRefused((t, denied) -> topics.add(new OffsetFetchResponse.TopicResult(t.topic(), t.partitions()
                .stream().map(p -> OffsetFetchResponse.PartitionResult.error(p, NativeAuthorization.TOPIC_DENIED,
                        denied)).toList())));
        topics.sort(java.util.Comparator.comparing(OffsetFetchResponse.TopicResult::name));
        return new OffsetFetchResponse(topics);
    }

    /** Metadata: every topic leaves out those the principal may not describe; a named one is refused. */
    private MetadataResponse metadata(MetadataRequest request, Access access) {
        List<String> names = request.topics() == null ? broker.listTopics() : request.topics();
        List<MetadataResponse.TopicMetadata> topics = new ArrayList<>(names.size());
        for (String name : names) {
            if (access.enabled() && request.topics() == null
                    && !access.allows(ResourceType.TOPIC, name, Operation.DESCRIBE)) {
                continue;
            }
            String denied = request.topics() == null || !access.enabled() ? null
                    : access.denial(ResourceType.TOPIC, name, Operation.DESCRIBE, false);
            if (denied != null) {
                topics.add(new MetadataResponse.TopicMetadata(NativeAuthorization.TOPIC_DENIED, denied, name,
                        MetadataResponse.NO_TOPIC_ID, List.of()));
                continue;
            }
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
