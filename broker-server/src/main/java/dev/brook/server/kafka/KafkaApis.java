package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.server.handler.FetchPurgatory;
import dev.brook.server.security.Authorizer;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Kafka APIs that Brook implements, each in every version {@link KafkaApiVersions}
 * advertises, against the {@link Broker}. A request for an API or version it does not serve is
 * answered with that API's UNSUPPORTED_VERSION response, as Apache Kafka answers an API it does
 * not know.
 *
 * <p>Thread-safe: called on the I/O threads, any number at once.
 */
public final class KafkaApis {
    private static final Logger log = LoggerFactory.getLogger(KafkaApis.class);

    private final KafkaApiVersions versions;
    private final KafkaAuthorization authorization;
    private final KafkaClusterHandler cluster;
    private final KafkaProduceHandler produce;
    private final KafkaFetchHandler fetch;
    private final KafkaTopicsHandler topics;
    private final KafkaConsumerGroupHeartbeats consumerGroups;
    private final KafkaOffsetsHandler offsets;
    private final KafkaConfigsHandler configs;
    private final KafkaClassicGroupsHandler classicGroups;
    private final KafkaGroupAdminHandler groupAdmin;
    private final KafkaAclsHandler acls;

    public KafkaApis(Broker broker, KafkaIdentity identity, KafkaSettings settings, FetchPurgatory purgatory) {
        this(broker, identity, settings, purgatory, Authorizer.allowAll());
    }

    /** Kafka's APIs with ACLs checked by {@code authorizer} before each request is served. */
    public KafkaApis(Broker broker, KafkaIdentity identity, KafkaSettings settings, FetchPurgatory purgatory,
            Authorizer authorizer) {
        this.authorization = new KafkaAuthorization(authorizer, broker);
        this.acls = new KafkaAclsHandler(authorizer);
        this.versions = new KafkaApiVersions();
        this.cluster = new KafkaClusterHandler(broker, identity, versions, settings);
        this.produce = new KafkaProduceHandler(broker);
        this.fetch = new KafkaFetchHandler(broker, purgatory);
        this.consumerGroups = new KafkaConsumerGroupHeartbeats(broker);
        this.offsets = new KafkaOffsetsHandler(broker);
        this.classicGroups = new KafkaClassicGroupsHandler(broker);
        this.groupAdmin = new KafkaGroupAdminHandler(broker);
        KafkaConfigDescriber describer = new KafkaConfigDescriber(broker, identity, settings);
        this.topics = new KafkaTopicsHandler(broker, settings, identity.brokerId(), describer);
        this.configs = new KafkaConfigsHandler(broker, identity, describer);
    }

    /**
     * Serves one request. The future completes with null when no response is to be sent (a
     * produce with acks=0), and exceptionally only on a bug.
     */
    CompletableFuture<ApiMessage> handle(KafkaRequestContext context, AbstractRequest request) {
        if (context.api() != ApiKeys.API_VERSIONS && versions.serves(context.api(), context.apiVersion())) {
            java.util.Optional<org.apache.kafka.common.errors.ApiException> denied = authorization.check(context, request);
            if (denied.isPresent()) {
                return done(request.getErrorResponse(0, denied.get()));
            }
        }
        return serve(context, request).thenApply(response -> authorization.filter(context, request, response));
    }

    private CompletableFuture<ApiMessage> serve(KafkaRequestContext context, AbstractRequest request) {
        ApiKeys api = context.api();
        if (api != ApiKeys.API_VERSIONS && !versions.serves(api, context.apiVersion())) {
            return done(request.getErrorResponse(0, new UnsupportedVersionException(
                    "Brook does not serve " + api.name + " version " + context.apiVersion())));
        }
        try {
            switch (api) {
                case API_VERSIONS:
                    return done(cluster.apiVersions((ApiVersionsRequest) request));
                case METADATA:
                    return done(cluster.metadata((MetadataRequest) request, context));
                case DESCRIBE_CLUSTER:
                    return done(cluster.describeCluster((DescribeClusterRequest) request));
                case FIND_COORDINATOR:
                    return done(cluster.findCoordinator((FindCoordinatorRequest) request, context));
                case PRODUCE:
                    return done(produce.produce((ProduceRequest) request, context));
                case INIT_PRODUCER_ID:
                    return done(produce.initProducerId((InitProducerIdRequest) request));
                case FETCH:
                    return fetch.fetch((FetchRequest) request, context);
                case LIST_OFFSETS:
                    return done(fetch.listOffsets((ListOffsetsRequest) request, context));
                case CREATE_TOPICS:
                    return done(topics.createTopics((CreateTopicsRequest) request, context));
                case DELETE_TOPICS:
                    return done(topics.deleteTopics((DeleteTopicsRequest) request, context));
                case CREATE_PARTITIONS:
                    return done(topics.createPartitions((CreatePartitionsRequest) request));
                case CONSUMER_GROUP_HEARTBEAT:
                    return done(consumerGroups.heartbeat((ConsumerGroupHeartbeatRequest) request, context));
                case OFFSET_COMMIT:
                    return done(offsets.commit((OffsetCommitRequest) request, context));
                case OFFSET_FETCH:
                    return done(offsets.fetch((OffsetFetchRequest) request, context));
                case DESCRIBE_CONFIGS:
                    return done(configs.describeConfigs((DescribeConfigsRequest) request, context));
                case INCREMENTAL_ALTER_CONFIGS:
                    return done(configs.incrementalAlterConfigs((IncrementalAlterConfigsRequest) request));
                case ALTER_CONFIGS:
                    return done(configs.alterConfigs((AlterConfigsRequest) request));
                case JOIN_GROUP:
                    return classicGroups.join((JoinGroupRequest) request, context);
                case SYNC_GROUP:
                    return classicGroups.sync((SyncGroupRequest) request, context);
                case HEARTBEAT:
                    return CompletableFuture.completedFuture(classicGroups.heartbeat((HeartbeatRequest) request));
                case LEAVE_GROUP:
                    return done(classicGroups.leave((LeaveGroupRequest) request, context));
                case LIST_GROUPS:
                    return done(groupAdmin.list((ListGroupsRequest) request));
                case DESCRIBE_GROUPS:
                    return done(groupAdmin.describeClassic((DescribeGroupsRequest) request, context));
                case CONSUMER_GROUP_DESCRIBE:
                    return done(groupAdmin.describeConsumer((ConsumerGroupDescribeRequest) request));
                case DELETE_GROUPS:
                    return done(groupAdmin.delete((DeleteGroupsRequest) request));
                case OFFSET_DELETE:
                    return done(groupAdmin.deleteOffsets((OffsetDeleteRequest) request));
                case DESCRIBE_ACLS:
                    return CompletableFuture.completedFuture(acls.describe(
                            (org.apache.kafka.common.requests.DescribeAclsRequest) request));
                case CREATE_ACLS:
                    return CompletableFuture.completedFuture(acls.create(
                            (org.apache.kafka.common.requests.CreateAclsRequest) request, context));
                case DELETE_ACLS:
                    return CompletableFuture.completedFuture(acls.delete(
                            (org.apache.kafka.common.requests.DeleteAclsRequest) request, context));
                default:
                    throw new IllegalStateException("no handler for " + api + " although it is advertised");
            }
        } catch (RuntimeException e) {
            log.debug("{} failed", context.describe(), e);
            return done(request.getErrorResponse(0, KafkaErrors.exception(e, context.describe())));
        }
    }

    private static CompletableFuture<ApiMessage> done(AbstractResponse response) {
        return CompletableFuture.completedFuture(response == null ? null : response.data());
    }
}
