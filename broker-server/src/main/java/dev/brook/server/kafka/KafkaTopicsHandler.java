package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.NewTopic;
import dev.brook.core.TopicConfig;
import dev.brook.core.TopicDescription;
import dev.brook.protocol.errors.InvalidReplicationFactorException;
import dev.brook.protocol.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/**
 * CreateTopics, DeleteTopics and CreatePartitions for Kafka's admin clients, each with an outcome
 * per topic. A replication factor above 1 is refused with INVALID_REPLICATION_FACTOR, and a manual
 * replica assignment is accepted only when it names this broker alone, once per partition.
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class KafkaTopicsHandler {
    private final Broker broker;
    private final KafkaSettings settings;
    private final int brokerId;
    private final KafkaConfigDescriber configs;

    KafkaTopicsHandler(Broker broker, KafkaSettings settings, int brokerId, KafkaConfigDescriber configs) {
        this.broker = broker;
        this.settings = settings;
        this.brokerId = brokerId;
        this.configs = configs;
    }

    CreateTopicsResponse createTopics(CreateTopicsRequest request, KafkaRequestContext context) {
        CreateTopicsRequestData data = request.data();
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        for (CreateTopicsRequestData.CreatableTopic topic : data.topics()) {
            CreateTopicsResponseData.CreatableTopicResult result = new CreateTopicsResponseData.CreatableTopicResult()
                    .setName(topic.name());
            try {
                NewTopic newTopic = newTopic(topic);
                TopicConfig config;
                if (data.validateOnly()) {
                    broker.validateNewTopic(newTopic);
                    result.setNumPartitions(newTopic.partitions());
                    config = broker.config().topicDefaults().with(newTopic.configs());
                } else {
                    TopicDescription created = broker.createTopic(newTopic);
                    result.setTopicId(KafkaClusterHandler.toKafka(created.topicId()))
                            .setNumPartitions(created.partitionCount());
                    config = created.config();
                }
                // Kafka reports the topic's full config from version 5 (KIP-525), for a validation too.
                result.setReplicationFactor((short) 1).setConfigs(context.apiVersion() >= 5 ? configs(config) : List.of());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, "create topic "
                        + topic.name())).setNumPartitions(-1).setReplicationFactor((short) -1).setConfigs(null);
            }
            response.topics().add(result);
        }
        return new CreateTopicsResponse(response);
    }

    private List<CreateTopicsResponseData.CreatableTopicConfigs> configs(TopicConfig config) {
        List<CreateTopicsResponseData.CreatableTopicConfigs> result = new ArrayList<>();
        for (KafkaConfigDescriber.Entry entry : configs.topic(config)) {
            result.add(new CreateTopicsResponseData.CreatableTopicConfigs().setName(entry.name()).setValue(entry.value())
                    .setReadOnly(entry.readOnly()).setConfigSource(entry.source().id()).setIsSensitive(false));
        }
        return result;
    }

    private NewTopic newTopic(CreateTopicsRequestData.CreatableTopic topic) {
        int partitions = topic.numPartitions();
        if (!topic.assignments().isEmpty()) {
            if (partitions != -1 || topic.replicationFactor() != -1) {
                throw new InvalidRequestException("a replica assignment was given together with a partition count or "
                        + "replication factor; give one or the other");
            }
            partitions = topic.assignments().size();
            for (CreateTopicsRequestData.CreatableReplicaAssignment assignment : topic.assignments()) {
                checkAssignment(assignment.brokerIds(), topic.name());
            }
        } else if (partitions == -1) {
            partitions = settings.defaultPartitions();
        }
        if (topic.replicationFactor() > 1) {
            throw new InvalidReplicationFactorException("replication factor " + topic.replicationFactor()
                    + " is larger than the 1 broker available");
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (CreateTopicsRequestData.CreatableTopicConfig config : topic.configs()) {
            if (config.value() != null) {
                configs.put(config.name(), config.value());
            }
        }
        return NewTopic.of(topic.name(), partitions).withConfigs(configs);
    }

    private void checkAssignment(List<Integer> brokerIds, String topic) {
        if (brokerIds.size() != 1 || brokerIds.get(0) != brokerId) {
            throw new InvalidReplicationFactorException("the replica assignment " + brokerIds + " for " + topic
                    + " must name only this broker (" + brokerId + ")");
        }
    }

    DeleteTopicsResponse deleteTopics(DeleteTopicsRequest request, KafkaRequestContext context) {
        DeleteTopicsRequestData data = request.data();
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        if (context.apiVersion() >= 6) {
            for (DeleteTopicsRequestData.DeleteTopicState topic : data.topics()) {
                boolean byId = topic.name() == null;
                String name = byId ? broker.topicName(KafkaClusterHandler.toUuid(topic.topicId())) : topic.name();
                DeleteTopicsResponseData.DeletableTopicResult result = new DeleteTopicsResponseData.DeletableTopicResult()
                        .setName(name).setTopicId(topic.topicId());
                if (name == null) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()).setErrorMessage("no topic has id " + topic.topicId());
                } else {
                    delete(name, result);
                }
                response.responses().add(result);
            }
        } else {
            for (String name : data.topicNames()) {
                DeleteTopicsResponseData.DeletableTopicResult result = new DeleteTopicsResponseData.DeletableTopicResult()
                        .setName(name).setTopicId(Uuid.ZERO_UUID);
                delete(name, result);
                response.responses().add(result);
            }
        }
        return new DeleteTopicsResponse(response);
    }

    private void delete(String name, DeleteTopicsResponseData.DeletableTopicResult result) {
        try {
            java.util.UUID id = broker.topicId(name);
            broker.deleteTopic(name);
            if (id != null) {
                result.setTopicId(KafkaClusterHandler.toKafka(id));
            }
        } catch (RuntimeException e) {
            result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, "delete topic " + name));
        }
    }

    CreatePartitionsResponse createPartitions(CreatePartitionsRequest request) {
        CreatePartitionsRequestData data = request.data();
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        for (CreatePartitionsRequestData.CreatePartitionsTopic topic : data.topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult result =
                    new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(topic.name());
            try {
                if (topic.assignments() != null) {
                    for (CreatePartitionsRequestData.CreatePartitionsAssignment assignment : topic.assignments()) {
                        checkAssignment(assignment.brokerIds(), topic.name());
                    }
                }
                int current = broker.describeTopic(topic.name()).partitionCount();
                if (topic.count() <= current) {
                    result.setErrorCode(Errors.INVALID_PARTITIONS.code()).setErrorMessage("topic " + topic.name()
                            + " has " + current + " partitions; the new count " + topic.count() + " must be larger");
                } else if (!data.validateOnly()) {
                    broker.createPartitions(topic.name(), topic.count());
                }
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e,
                        "create partitions of " + topic.name()));
            }
            response.results().add(result);
        }
        return new CreatePartitionsResponse(response);
    }
}
