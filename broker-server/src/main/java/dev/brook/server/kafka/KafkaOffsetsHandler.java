package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.ConsumerGroups;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.IllegalGenerationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetCommit and OffsetFetch: committed offsets in the same store as Brook's own protocol uses,
 * so a group's position is the same whichever listener its consumers come through. A group-level
 * refusal (unknown member, stale generation or epoch) is reported on every partition, as Kafka does.
 * Leader epochs are not kept (a single node has one leader forever), so committed offsets come back
 * without one.
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class KafkaOffsetsHandler {
    private final Broker broker;

    KafkaOffsetsHandler(Broker broker) {
        this.broker = broker;
    }

    OffsetCommitResponse commit(OffsetCommitRequest request, KafkaRequestContext context) {
        OffsetCommitRequestData data = request.data();
        boolean byId = context.apiVersion() >= 10;
        long now = broker.config().clock().millis();
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<OffsetCommitResponseData.OffsetCommitResponsePartition> accepted = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : data.topics()) {
            String name = byId ? broker.topicName(KafkaClusterHandler.toUuid(topic.topicId())) : topic.name();
            OffsetCommitResponseData.OffsetCommitResponseTopic topicResponse =
                    new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(byId ? "" : topic.name())
                            .setTopicId(byId ? topic.topicId() : Uuid.ZERO_UUID);
            int partitions = name == null ? -1 : broker.partitionCount(name);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition partition : topic.partitions()) {
                OffsetCommitResponseData.OffsetCommitResponsePartition result =
                        new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                .setPartitionIndex(partition.partitionIndex());
                String metadata = partition.committedMetadata();
                if (name == null) {
                    result.setErrorCode((byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
                } else if (partition.partitionIndex() < 0 || partition.partitionIndex() >= partitions) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (metadata != null && metadata.length() > OffsetAndMetadata.MAX_METADATA_LENGTH) {
                    result.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                } else if (partition.committedOffset() < 0) {
                    result.setErrorCode(Errors.INVALID_COMMIT_OFFSET_SIZE.code());
                } else {
                    offsets.put(new TopicPartition(name, partition.partitionIndex()),
                            new OffsetAndMetadata(partition.committedOffset(), metadata, now));
                    accepted.add(result);
                }
                topicResponse.partitions().add(result);
            }
            response.topics().add(topicResponse);
        }
        short code = commit(data, offsets);
        for (OffsetCommitResponseData.OffsetCommitResponsePartition result : accepted) {
            result.setErrorCode(code);
        }
        return new OffsetCommitResponse(response);
    }

    /**
     * Commits through the group's own protocol: a KIP-848 consumer group checks the member epoch,
     * anything else (a classic group, or a group without members) Kafka's classic rules.
     */
    private short commit(OffsetCommitRequestData data, Map<TopicPartition, OffsetAndMetadata> offsets) {
        String memberId = data.memberId() == null ? "" : data.memberId();
        try {
            if (ConsumerGroups.CONSUMER_TYPE.equals(broker.groups().activeGroupType(data.groupId()))) {
                try {
                    broker.groups().commitOffsets(data.groupId(), memberId, data.generationIdOrMemberEpoch(), offsets);
                } catch (IllegalGenerationException stale) {
                    // Kafka's answer to a KIP-848 member committing with an older epoch: its
                    // consumer retries with the new epoch, where ILLEGAL_GENERATION would fail the
                    // commit (and drop the auto-commit before a revocation).
                    return Errors.STALE_MEMBER_EPOCH.code();
                }
                return Errors.NONE.code();
            }
            Map<TopicPartition, ErrorCode> results = broker.classicGroups().commitOffsets(data.groupId(),
                    data.generationIdOrMemberEpoch(), memberId, data.groupInstanceId(), offsets);
            // The group-level outcome is the same for every partition that exists.
            return results.isEmpty() ? Errors.NONE.code() : results.values().iterator().next().code();
        } catch (RuntimeException e) {
            return KafkaErrors.code(e);
        }
    }

    OffsetFetchResponse fetch(OffsetFetchRequest request, KafkaRequestContext context) {
        OffsetFetchRequestData data = request.data();
        short version = context.apiVersion();
        if (version < 8) {
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics = null;
            if (data.topics() != null) {
                topics = new ArrayList<>();
                for (OffsetFetchRequestData.OffsetFetchRequestTopic topic : data.topics()) {
                    topics.add(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(topic.name())
                            .setPartitionIndexes(topic.partitionIndexes()));
                }
            }
            OffsetFetchResponseData.OffsetFetchResponseGroup group = fetchGroup(data.groupId(), topics, false);
            OffsetFetchResponseData response = new OffsetFetchResponseData().setErrorCode(group.errorCode());
            for (OffsetFetchResponseData.OffsetFetchResponseTopics topic : group.topics()) {
                OffsetFetchResponseData.OffsetFetchResponseTopic old = new OffsetFetchResponseData.OffsetFetchResponseTopic()
                        .setName(topic.name());
                for (OffsetFetchResponseData.OffsetFetchResponsePartitions partition : topic.partitions()) {
                    old.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                            .setPartitionIndex(partition.partitionIndex())
                            .setCommittedOffset(partition.committedOffset())
                            .setCommittedLeaderEpoch(-1)
                            .setMetadata(partition.metadata())
                            .setErrorCode(partition.errorCode()));
                }
                response.topics().add(old);
            }
            return new OffsetFetchResponse(response, version);
        }
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup group : data.groups()) {
            response.groups().add(fetchGroup(group.groupId(), group.topics(), version >= 10));
        }
        return new OffsetFetchResponse(response, version);
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup fetchGroup(String groupId,
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics, boolean byId) {
        OffsetFetchResponseData.OffsetFetchResponseGroup result =
                new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId);
        try {
            if (topics == null) {
                Map<String, List<Map.Entry<TopicPartition, OffsetAndMetadata>>> byTopic = new TreeMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry
                        : broker.groups().committedOffsets(groupId, null).entrySet()) {
                    byTopic.computeIfAbsent(entry.getKey().topic(), t -> new ArrayList<>()).add(entry);
                }
                for (Map.Entry<String, List<Map.Entry<TopicPartition, OffsetAndMetadata>>> topic : byTopic.entrySet()) {
                    UUID id = broker.topicId(topic.getKey());
                    OffsetFetchResponseData.OffsetFetchResponseTopics topicResult =
                            new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(byId ? "" : topic.getKey())
                                    .setTopicId(id == null ? Uuid.ZERO_UUID : KafkaClusterHandler.toKafka(id));
                    topic.getValue().sort((a, b) -> Integer.compare(a.getKey().partition(), b.getKey().partition()));
                    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : topic.getValue()) {
                        topicResult.partitions().add(partition(entry.getKey().partition(), entry.getValue()));
                    }
                    result.topics().add(topicResult);
                }
                return result;
            }
            for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : topics) {
                String name = byId ? broker.topicName(KafkaClusterHandler.toUuid(topic.topicId())) : topic.name();
                OffsetFetchResponseData.OffsetFetchResponseTopics topicResult =
                        new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(byId ? "" : topic.name())
                                .setTopicId(byId ? topic.topicId() : Uuid.ZERO_UUID);
                List<TopicPartition> wanted = new ArrayList<>();
                if (name != null) {
                    for (int partition : topic.partitionIndexes()) {
                        wanted.add(new TopicPartition(name, partition));
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> committed = wanted.isEmpty() ? Map.of()
                        : broker.groups().committedOffsets(groupId, wanted);
                for (int partition : topic.partitionIndexes()) {
                    OffsetFetchResponseData.OffsetFetchResponsePartitions partitionResult = partition(partition,
                            name == null ? null : committed.get(new TopicPartition(name, partition)));
                    if (name == null) {
                        partitionResult.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
                    }
                    topicResult.partitions().add(partitionResult);
                }
                result.topics().add(topicResult);
            }
        } catch (RuntimeException e) {
            result.setErrorCode(KafkaErrors.code(e)).topics().clear();
        }
        return result;
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions partition(int partition,
            OffsetAndMetadata committed) {
        return new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                .setPartitionIndex(partition)
                .setCommittedOffset(committed == null ? -1 : committed.offset())
                .setCommittedLeaderEpoch(-1)
                .setMetadata(committed == null || committed.metadata() == null ? "" : committed.metadata());
    }
}
