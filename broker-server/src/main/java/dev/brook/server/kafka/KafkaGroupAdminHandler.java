package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.ConsumerGroups;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.GroupIdNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * The group administration APIs Kafka's admin client and {@code kafka-consumer-groups.sh} use:
 * ListGroups (with state and type filters), DescribeGroups (classic groups), ConsumerGroupDescribe
 * (KIP-848 consumer groups), DeleteGroups and OffsetDelete. As in Apache Kafka 4.x, each describe
 * API answers GROUP_ID_NOT_FOUND for a group of the other kind, which is how the admin client
 * knows to ask the other one; DescribeGroups before version 6 reports an unknown group as "Dead".
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class KafkaGroupAdminHandler {
    private static final int OPERATIONS_NOT_REQUESTED = Integer.MIN_VALUE;
    private static final String DEAD = "Dead";
    private static final byte CONSUMER_MEMBER_TYPE = 1;

    private final Broker broker;

    KafkaGroupAdminHandler(Broker broker) {
        this.broker = broker;
    }

    ListGroupsResponse list(ListGroupsRequest request) {
        ListGroupsRequestData data = request.data();
        Set<String> states = data.statesFilter().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> types = data.typesFilter().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        ListGroupsResponseData response = new ListGroupsResponseData();
        for (ConsumerGroups.GroupListing group : broker.groups().listGroups()) {
            if (!states.isEmpty() && !states.contains(group.state().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!types.isEmpty() && !types.contains(group.groupType().toLowerCase(Locale.ROOT))) {
                continue;
            }
            response.groups().add(new ListGroupsResponseData.ListedGroup()
                    .setGroupId(group.groupId())
                    .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                    .setGroupState(group.state())
                    .setGroupType(group.groupType()));
        }
        return new ListGroupsResponse(response);
    }

    DescribeGroupsResponse describeClassic(DescribeGroupsRequest request, KafkaRequestContext context) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        for (String groupId : request.data().groups()) {
            DescribeGroupsResponseData.DescribedGroup described = new DescribeGroupsResponseData.DescribedGroup()
                    .setGroupId(groupId).setProtocolType("").setProtocolData("")
                    .setAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
            try {
                ConsumerGroups.GroupDescription group = broker.groups().describeGroup(groupId);
                if (!ConsumerGroups.CLASSIC_TYPE.equals(group.groupType())) {
                    throw new GroupIdNotFoundException("group " + groupId + " is not a classic group");
                }
                described.setGroupState(group.state())
                        .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                        .setProtocolData(group.protocol() == null ? "" : group.protocol());
                for (ConsumerGroups.MemberDescription member : group.members()) {
                    described.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                            .setMemberId(member.memberId())
                            .setGroupInstanceId(member.groupInstanceId())
                            .setClientId(member.clientId() == null ? "" : member.clientId())
                            .setClientHost(member.clientHost() == null ? "" : member.clientHost())
                            .setMemberMetadata(member.metadata() == null ? new byte[0] : member.metadata())
                            .setMemberAssignment(member.assignmentBytes() == null ? new byte[0] : member.assignmentBytes()));
                }
            } catch (GroupIdNotFoundException e) {
                if (context.apiVersion() >= 6) {
                    described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(e.getMessage())
                            .setGroupState(DEAD);
                } else {
                    described.setGroupState(DEAD);
                }
            } catch (RuntimeException e) {
                described.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, "describe " + groupId))
                        .setGroupState(DEAD);
            }
            response.groups().add(described);
        }
        return new DescribeGroupsResponse(response);
    }

    ConsumerGroupDescribeResponse describeConsumer(ConsumerGroupDescribeRequest request) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        for (String groupId : request.data().groupIds()) {
            ConsumerGroupDescribeResponseData.DescribedGroup described =
                    new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                            .setGroupState(DEAD).setAssignorName("").setAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
            try {
                ConsumerGroups.GroupDescription group = broker.groups().describeGroup(groupId);
                if (!ConsumerGroups.CONSUMER_TYPE.equals(group.groupType())) {
                    throw new GroupIdNotFoundException("group " + groupId + " is not a consumer group");
                }
                described.setGroupState(group.state())
                        .setGroupEpoch(group.groupEpoch())
                        .setAssignmentEpoch(group.groupEpoch())
                        .setAssignorName(group.assignor() == null ? "" : group.assignor());
                for (ConsumerGroups.MemberDescription member : group.members()) {
                    ConsumerGroupDescribeResponseData.Assignment assignment = assignment(member.assignment());
                    described.members().add(new ConsumerGroupDescribeResponseData.Member()
                            .setMemberId(member.memberId())
                            .setInstanceId(member.groupInstanceId())
                            .setMemberEpoch(member.memberEpoch())
                            .setClientId(member.clientId() == null ? "" : member.clientId())
                            .setClientHost(member.clientHost() == null ? "" : member.clientHost())
                            .setSubscribedTopicNames(List.of())
                            .setAssignment(assignment)
                            .setTargetAssignment(assignment)
                            .setMemberType(CONSUMER_MEMBER_TYPE));
                }
            } catch (RuntimeException e) {
                described.setErrorCode(KafkaErrors.code(e)).setErrorMessage(e.getMessage());
            }
            response.groups().add(described);
        }
        return new ConsumerGroupDescribeResponse(response);
    }

    private ConsumerGroupDescribeResponseData.Assignment assignment(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        ConsumerGroupDescribeResponseData.Assignment assignment = new ConsumerGroupDescribeResponseData.Assignment();
        for (Map.Entry<String, List<Integer>> topic : byTopic.entrySet()) {
            UUID id = broker.topicId(topic.getKey());
            if (id == null) {
                continue;
            }
            topic.getValue().sort(null);
            assignment.topicPartitions().add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                    .setTopicId(KafkaClusterHandler.toKafka(id)).setTopicName(topic.getKey())
                    .setPartitions(topic.getValue()));
        }
        return assignment;
    }

    DeleteGroupsResponse delete(DeleteGroupsRequest request) {
        DeleteGroupsResponseData.DeletableGroupResultCollection results =
                new DeleteGroupsResponseData.DeletableGroupResultCollection();
        for (String groupId : request.data().groupsNames()) {
            DeleteGroupsResponseData.DeletableGroupResult result = new DeleteGroupsResponseData.DeletableGroupResult()
                    .setGroupId(groupId);
            try {
                broker.groups().deleteGroup(groupId);
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, "delete group " + groupId));
            }
            results.add(result);
        }
        return new DeleteGroupsResponse(new DeleteGroupsResponseData().setResults(results));
    }

    OffsetDeleteResponse deleteOffsets(OffsetDeleteRequest request) {
        OffsetDeleteRequestData data = request.data();
        List<TopicPartition> partitions = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : data.topics()) {
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition partition : topic.partitions()) {
                partitions.add(new TopicPartition(topic.name(), partition.partitionIndex()));
            }
        }
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        ConsumerGroups.OffsetDeleteResult result;
        try {
            result = broker.groups().deleteOffsets(data.groupId(), partitions);
        } catch (RuntimeException e) {
            return new OffsetDeleteResponse(response.setErrorCode(KafkaErrors.code(e)));
        }
        response.setErrorCode(result.error().code());
        if (result.error().code() != 0) {
            return new OffsetDeleteResponse(response);
        }
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : data.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic topicResult =
                    new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition partition : topic.partitions()) {
                dev.brook.protocol.errors.ErrorCode error = result.partitions().get(
                        new TopicPartition(topic.name(), partition.partitionIndex()));
                topicResult.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(error == null ? 0 : error.code()));
            }
            response.topics().add(topicResult);
        }
        return new OffsetDeleteResponse(response);
    }
}
