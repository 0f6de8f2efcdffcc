package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.server.security.AclStore.Operation;
import dev.brook.server.security.AclStore.ResourceType;
import dev.brook.server.security.Authorizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACLs on the Kafka listener: what each API needs (WRITE on the topics a produce names, READ on a
 * fetch's, READ on a group to take part in it, CREATE to create a topic, and so on, as Kafka asks),
 * checked before the request is served. A request that needs something the principal is not
 * allowed is answered with that API's error response, {@code TOPIC_AUTHORIZATION_FAILED},
 * {@code GROUP_AUTHORIZATION_FAILED} or {@code CLUSTER_AUTHORIZATION_FAILED}, serves nothing, and is
 * logged. Listings (all topics in Metadata, ListGroups) leave out what the principal may not describe.
 *
 * <p>Stateless apart from the authorizer and the broker (for topic ids); thread-safe.
 */
final class KafkaAuthorization {
    private static final Logger log = LoggerFactory.getLogger(KafkaAuthorization.class);

    private final Authorizer authorizer;
    private final Broker broker;

    KafkaAuthorization(Authorizer authorizer, Broker broker) {
        this.authorizer = authorizer;
        this.broker = broker;
    }

    /** The error to answer with when the principal lacks a permission the request needs, or empty. */
    Optional<ApiException> check(KafkaRequestContext context, AbstractRequest request) {
        if (!authorizer.enabled()) {
            return Optional.empty();
        }
        List<Needed> needs = needs(context, request);
        for (Needed need : needs) {
            String message = authorizer.denial(context.principal(), context.clientHost(), need.type, need.name,
                    need.operation, need.orCluster, context.describe());
            if (message != null) {
                return Optional.of(switch (need.type) {
                    case TOPIC -> Errors.TOPIC_AUTHORIZATION_FAILED.exception(message);
                    case GROUP -> Errors.GROUP_AUTHORIZATION_FAILED.exception(message);
                    case CLUSTER -> Errors.CLUSTER_AUTHORIZATION_FAILED.exception(message);
                });
            }
        }
        if (request instanceof org.apache.kafka.common.requests.InitProducerIdRequest
                && !authorizer.authorizedOnAny(context.principal(), ResourceType.TOPIC, Operation.WRITE)) {
            log.info("denied an idempotent producer id to {}: no WRITE on any topic", context.principal());
            return Optional.of(Errors.CLUSTER_AUTHORIZATION_FAILED.exception(context.principal()
                    + " may not write to any topic, so it gets no producer id"));
        }
        return Optional.empty();
    }

    /**
     * Leaves out of listings what the principal may not describe, and marks the named topics of a
     * Metadata request it may not describe as {@code TOPIC_AUTHORIZATION_FAILED}.
     */
    ApiMessage filter(KafkaRequestContext context, AbstractRequest request, ApiMessage response) {
        if (!authorizer.enabled() || response == null) {
            return response;
        }
        if (response instanceof MetadataResponseData metadata) {
            boolean named = request instanceof MetadataRequest m && !m.isAllTopics();
            metadata.topics().removeIf(topic -> !named && topic.name() != null
                    && !authorizer.authorized(context.principal(), ResourceType.TOPIC, topic.name(), Operation.DESCRIBE));
            if (named) {
                for (MetadataResponseData.MetadataResponseTopic topic : metadata.topics()) {
                    if (topic.name() != null && authorizer.denial(context.principal(), context.clientHost(),
                            ResourceType.TOPIC, topic.name(), Operation.DESCRIBE, false, context.describe()) != null) {
                        topic.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setTopicId(Uuid.ZERO_UUID)
                                .setIsInternal(false).partitions().clear();
                    }
                }
            }
        } else if (response instanceof ListGroupsResponseData groups) {
            groups.groups().removeIf(group -> !authorizer.authorized(context.principal(), ResourceType.GROUP,
                    group.groupId(), Operation.DESCRIBE));
        }
        return response;
    }

    private record Needed(ResourceType type, String name, Operation operation, boolean orCluster) {
    }

    private List<Needed> needs(KafkaRequestContext context, AbstractRequest request) {
        List<Needed> needs = new ArrayList<>();
        if (request instanceof ProduceRequest produce) {
            produce.data().topicData().forEach(t -> topic(needs, t.name(), t.topicId(), Operation.WRITE));
        } else if (request instanceof FetchRequest fetch) {
            fetch.data().topics().forEach(t -> topic(needs, t.topic(), t.topicId(), Operation.READ));
        } else if (request instanceof ListOffsetsRequest listOffsets) {
            listOffsets.data().topics().forEach(t -> topic(needs, t.name(), null, Operation.DESCRIBE));
        } else if (request instanceof MetadataRequest metadata && !metadata.isAllTopics()) {
            // Not refused as a whole: each topic the principal may not describe is answered with
            // TOPIC_AUTHORIZATION_FAILED (filter), and missing topics are created only with CREATE.
            for (var t : metadata.data().topics()) {
                if (t.name() != null && !broker.topicExists(t.name()) && metadata.data().allowAutoTopicCreation()
                        && !(authorizer.authorized(context.principal(), ResourceType.TOPIC, t.name(), Operation.CREATE)
                                || authorizer.authorized(context.principal(), ResourceType.CLUSTER, Authorizer.CLUSTER,
                                        Operation.CREATE))) {
                    metadata.data().setAllowAutoTopicCreation(false);
                }
            }
        } else if (request instanceof CreateTopicsRequest create) {
            create.data().topics().forEach(t -> needs.add(new Needed(ResourceType.TOPIC, t.name(), Operation.CREATE, true)));
        } else if (request instanceof DeleteTopicsRequest delete) {
            delete.data().topicNames().forEach(name -> topic(needs, name, null, Operation.DELETE));
            delete.data().topics().forEach(t -> topic(needs, t.name(), t.topicId(), Operation.DELETE));
        } else if (request instanceof CreatePartitionsRequest partitions) {
            partitions.data().topics().forEach(t -> topic(needs, t.name(), null, Operation.ALTER));
        } else if (request instanceof DescribeConfigsRequest describe) {
            describe.data().resources().forEach(r -> config(needs, r.resourceType(), r.resourceName(),
                    Operation.DESCRIBE_CONFIGS));
        } else if (request instanceof AlterConfigsRequest alter) {
            alter.data().resources().forEach(r -> config(needs, r.resourceType(), r.resourceName(), Operation.ALTER_CONFIGS));
        } else if (request instanceof IncrementalAlterConfigsRequest alter) {
            alter.data().resources().forEach(r -> config(needs, r.resourceType(), r.resourceName(), Operation.ALTER_CONFIGS));
        } else if (request instanceof FindCoordinatorRequest find && find.data().keyType() == 0) {
            if (context.apiVersion() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
                group(needs, find.data().key(), Operation.DESCRIBE);
            } else {
                find.data().coordinatorKeys().forEach(key -> group(needs, key, Operation.DESCRIBE));
            }
        } else if (request instanceof JoinGroupRequest join) {
            group(needs, join.data().groupId(), Operation.READ);
        } else if (request instanceof SyncGroupRequest sync) {
            group(needs, sync.data().groupId(), Operation.READ);
        } else if (request instanceof HeartbeatRequest heartbeat) {
            group(needs, heartbeat.data().groupId(), Operation.READ);
        } else if (request instanceof LeaveGroupRequest leave) {
            group(needs, leave.data().groupId(), Operation.READ);
        } else if (request instanceof ConsumerGroupHeartbeatRequest heartbeat) {
            group(needs, heartbeat.data().groupId(), Operation.READ);
        } else if (request instanceof OffsetCommitRequest commit) {
            group(needs, commit.data().groupId(), Operation.READ);
            commit.data().topics().forEach(t -> topic(needs, t.name(), t.topicId(), Operation.READ));
        } else if (request instanceof OffsetFetchRequest fetch) {
            if (context.apiVersion() < 8) {
                group(needs, fetch.data().groupId(), Operation.DESCRIBE);
            } else {
                fetch.data().groups().forEach(g -> group(needs, g.groupId(), Operation.DESCRIBE));
            }
        } else if (request instanceof DescribeGroupsRequest describe) {
            describe.data().groups().forEach(g -> group(needs, g, Operation.DESCRIBE));
        } else if (request instanceof ConsumerGroupDescribeRequest describe) {
            describe.data().groupIds().forEach(g -> group(needs, g, Operation.DESCRIBE));
        } else if (request instanceof DeleteGroupsRequest delete) {
            delete.data().groupsNames().forEach(g -> group(needs, g, Operation.DELETE));
        } else if (request instanceof OffsetDeleteRequest delete) {
            group(needs, delete.data().groupId(), Operation.DELETE);
        } else if (request instanceof org.apache.kafka.common.requests.DescribeAclsRequest) {
            needs.add(new Needed(ResourceType.CLUSTER, Authorizer.CLUSTER, Operation.DESCRIBE, false));
        } else if (request instanceof org.apache.kafka.common.requests.CreateAclsRequest
                || request instanceof org.apache.kafka.common.requests.DeleteAclsRequest) {
            needs.add(new Needed(ResourceType.CLUSTER, Authorizer.CLUSTER, Operation.ALTER, false));
        }
        return needs;
    }

    private void topic(List<Needed> needs, String name, Uuid id, Operation operation) {
        String resolved = name;
        if ((resolved == null || resolved.isEmpty()) && id != null && !Uuid.ZERO_UUID.equals(id)) {
            resolved = broker.topicName(KafkaClusterHandler.toUuid(id));
        }
        if (resolved != null && !resolved.isEmpty()) {
            needs.add(new Needed(ResourceType.TOPIC, resolved, operation, false));
        }
    }

    private static void group(List<Needed> needs, String groupId, Operation operation) {
        if (groupId != null) {
            needs.add(new Needed(ResourceType.GROUP, groupId, operation, false));
        }
    }

    private static void config(List<Needed> needs, byte resourceType, String name, Operation operation) {
        if (resourceType == ConfigResource.Type.TOPIC.id()) {
            needs.add(new Needed(ResourceType.TOPIC, name, operation, false));
        } else {
            needs.add(new Needed(ResourceType.CLUSTER, Authorizer.CLUSTER, operation, false));
        }
    }
}
