package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.NewTopic;
import dev.brook.core.TopicDescription;
import dev.brook.protocol.errors.TopicExistsException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * ApiVersions, Metadata, DescribeCluster and FindCoordinator: how Kafka clients discover the one
 * broker that leads every partition and coordinates every group. Each partition is reported with
 * this broker as leader and sole replica, at leader epoch 0.
 *
 * <p>Metadata creates a missing topic when the client allows it and {@code auto.create.topics.enable}
 * is on (Kafka's default), with {@code num.partitions} partitions, so that Kafka's console producer
 * and applications that rely on it work unchanged.
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class KafkaClusterHandler {
    /** Kafka's "authorized operations not requested" marker. */
    private static final int OPERATIONS_NOT_REQUESTED = Integer.MIN_VALUE;
    private static final byte GROUP_KEY_TYPE = 0;

    private final Broker broker;
    private final KafkaIdentity identity;
    private final KafkaApiVersions versions;
    private final KafkaSettings settings;

    KafkaClusterHandler(Broker broker, KafkaIdentity identity, KafkaApiVersions versions, KafkaSettings settings) {
        this.broker = broker;
        this.identity = identity;
        this.versions = versions;
        this.settings = settings;
    }

    ApiVersionsResponse apiVersions(ApiVersionsRequest request) {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setApiKeys(versions.advertised());
        if (request.hasUnsupportedRequestVersion()) {
            data.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        } else if (!request.isValid()) {
            data.setErrorCode(Errors.INVALID_REQUEST.code());
        } else if (request.data().clusterId() != null
                && (!request.data().clusterId().equals(identity.clusterId())
                        || request.data().nodeId() != identity.brokerId())) {
            // KIP-1242: the client expected another cluster or node at this address.
            data.setErrorCode(Errors.REBOOTSTRAP_REQUIRED.code());
        }
        return new ApiVersionsResponse(data);
    }

    MetadataResponse metadata(MetadataRequest request, KafkaRequestContext context) {
        MetadataRequestData data = request.data();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(identity.clusterId())
                .setControllerId(identity.brokerId())
                .setClusterAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
        response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(identity.brokerId()).setHost(identity.host()).setPort(identity.port()));
        if (request.isAllTopics()) {
            for (String name : broker.listTopics()) {
                response.topics().add(topicMetadata(name));
            }
        } else {
            boolean autoCreate = data.allowAutoTopicCreation() && settings.autoCreateTopics();
            for (MetadataRequestData.MetadataRequestTopic topic : data.topics()) {
                // By id: kafka-clients asks so for the topics of an assignment it cannot name yet
                // (a KIP-848 regex subscription), leaving the name at its default, "" (or null).
                boolean unnamed = topic.name() == null || topic.name().isEmpty();
                if (unnamed && topic.topicId() != null && !Uuid.ZERO_UUID.equals(topic.topicId())) {
                    String name = broker.topicName(toUuid(topic.topicId()));
                    response.topics().add(name != null ? topicMetadata(name) : new MetadataResponseData.MetadataResponseTopic()
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()).setTopicId(topic.topicId())
                            .setName(null).setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED));
                } else {
                    response.topics().add(requestedTopic(topic.name(), autoCreate));
                }
            }
        }
        return new MetadataResponse(response, context.apiVersion());
    }

    private MetadataResponseData.MetadataResponseTopic requestedTopic(String name, boolean autoCreate) {
        if (!broker.topicExists(name) && autoCreate) {
            try {
                broker.createTopic(NewTopic.of(name, settings.defaultPartitions()));
            } catch (TopicExistsException raced) {
                // Another request created it first: describe that one.
            } catch (RuntimeException e) {
                return errorTopic(name, e);
            }
        }
        return topicMetadata(name);
    }

    private MetadataResponseData.MetadataResponseTopic topicMetadata(String name) {
        TopicDescription topic;
        try {
            topic = broker.describeTopic(name);
        } catch (RuntimeException e) {
            return errorTopic(name, e);
        }
        MetadataResponseData.MetadataResponseTopic result = new MetadataResponseData.MetadataResponseTopic()
                .setName(name)
                .setTopicId(toKafka(topic.topicId()))
                .setIsInternal(false)
                .setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
        List<Integer> self = List.of(identity.brokerId());
        for (int partition = 0; partition < topic.partitionCount(); partition++) {
            result.partitions().add(new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(partition)
                    .setLeaderId(identity.brokerId())
                    .setLeaderEpoch(0)
                    .setReplicaNodes(self)
                    .setIsrNodes(self)
                    .setOfflineReplicas(List.of()));
        }
        return result;
    }

    private static MetadataResponseData.MetadataResponseTopic errorTopic(String name, RuntimeException e) {
        short code = e instanceof UnknownTopicOrPartitionException ? Errors.UNKNOWN_TOPIC_OR_PARTITION.code()
                : KafkaErrors.code(e);
        return new MetadataResponseData.MetadataResponseTopic().setName(name).setErrorCode(code)
                .setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
    }

    DescribeClusterResponse describeCluster(DescribeClusterRequest request) {
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setClusterId(identity.clusterId())
                .setControllerId(identity.brokerId())
                .setClusterAuthorizedOperations(OPERATIONS_NOT_REQUESTED)
                .setEndpointType(request.data().endpointType());
        if (request.data().endpointType() != 1) {
            // Brook has no separate controller endpoint; Kafka's brokers answer the same way.
            return new DescribeClusterResponse(data.setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Brook has broker endpoints only"));
        }
        data.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                .setBrokerId(identity.brokerId()).setHost(identity.host()).setPort(identity.port()));
        return new DescribeClusterResponse(data);
    }

    FindCoordinatorResponse findCoordinator(FindCoordinatorRequest request, KafkaRequestContext context) {
        FindCoordinatorRequestData data = request.data();
        byte keyType = data.keyType();
        if (context.apiVersion() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            FindCoordinatorResponseData.Coordinator one = coordinator(data.key(), keyType);
            return new FindCoordinatorResponse(new FindCoordinatorResponseData()
                    .setErrorCode(one.errorCode()).setErrorMessage(one.errorMessage())
                    .setNodeId(one.nodeId()).setHost(one.host()).setPort(one.port()));
        }
        List<FindCoordinatorResponseData.Coordinator> coordinators = new ArrayList<>();
        for (String key : data.coordinatorKeys()) {
            coordinators.add(coordinator(key, keyType));
        }
        return new FindCoordinatorResponse(new FindCoordinatorResponseData().setCoordinators(coordinators));
    }

    private FindCoordinatorResponseData.Coordinator coordinator(String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator coordinator = new FindCoordinatorResponseData.Coordinator().setKey(key);
        if (keyType != GROUP_KEY_TYPE) {
            // Transactions and share groups are not built: a fatal, explicit error, not a retry loop.
            return coordinator.setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                    .setErrorMessage("Brook coordinates consumer groups only; transactions and share groups are not supported")
                    .setNodeId(-1).setHost("").setPort(-1);
        }
        if (key == null || key.isEmpty()) {
            return coordinator.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("the group id is empty")
                    .setNodeId(-1).setHost("").setPort(-1);
        }
        return coordinator.setNodeId(identity.brokerId()).setHost(identity.host()).setPort(identity.port());
    }

    static Uuid toKafka(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static UUID toUuid(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
