package dev.brook.server.handler;

import dev.brook.core.Broker;
import dev.brook.core.ConsumerGroups;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatRequest;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatResponse;
import dev.brook.protocol.wire.DeleteGroupsRequest;
import dev.brook.protocol.wire.DeleteGroupsResponse;
import dev.brook.protocol.wire.DescribeGroupsRequest;
import dev.brook.protocol.wire.DescribeGroupsResponse;
import dev.brook.protocol.wire.ListGroupsResponse;
import dev.brook.protocol.wire.OffsetCommitRequest;
import dev.brook.protocol.wire.OffsetCommitResponse;
import dev.brook.protocol.wire.OffsetFetchRequest;
import dev.brook.protocol.wire.OffsetFetchResponse;
import dev.brook.protocol.wire.TopicPartitions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Serves the consumer-group requests against the broker's {@link ConsumerGroups}: heartbeats,
 * offset commits and fetches, and listing, describing (with lag) and deleting groups.
 * Stateless apart from the broker; thread-safe.
 */
final class GroupsHandler {
    private final Broker broker;

    GroupsHandler(Broker broker) {
        this.broker = broker;
    }

    ConsumerGroupHeartbeatResponse heartbeat(ConsumerGroupHeartbeatRequest request, String clientId) {
        ConsumerGroups.HeartbeatResult result = broker.groups().heartbeat(new ConsumerGroups.Heartbeat(
                request.groupId(), request.memberId(), request.memberEpoch(), clientId, request.rebalanceTimeoutMs(),
                request.subscribedTopicNames() == null ? null : Set.copyOf(request.subscribedTopicNames()),
                request.serverAssignor(), toSet(request.ownedPartitions())));
        return new ConsumerGroupHeartbeatResponse(result.memberId(), result.memberEpoch(), result.heartbeatIntervalMs(),
                toLists(result.assignment()));
    }

    OffsetCommitResponse commit(OffsetCommitRequest request) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Set<TopicPartition> missing = new HashSet<>();
        long now = broker.config().clock().millis();
        for (OffsetCommitRequest.TopicOffsets topic : request.topics()) {
            for (OffsetCommitRequest.PartitionOffset partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                if (!broker.topicExists(tp.topic())
                        || tp.partition() >= broker.describeTopic(tp.topic()).partitionCount() || tp.partition() < 0) {
                    missing.add(tp);
                } else {
                    offsets.put(tp, new OffsetAndMetadata(partition.offset(), partition.metadata(), now));
                }
            }
        }
        // Group and member errors are thrown, and so answered in the response header.
        broker.groups().commitOffsets(request.groupId(), request.memberId(), request.memberEpoch(), offsets);
        List<OffsetCommitResponse.TopicResult> topics = new ArrayList<>();
        for (OffsetCommitRequest.TopicOffsets topic : request.topics()) {
            List<OffsetCommitResponse.PartitionResult> partitions = new ArrayList<>();
            for (OffsetCommitRequest.PartitionOffset partition : topic.partitions()) {
                boolean exists = !missing.contains(new TopicPartition(topic.name(), partition.partition()));
                partitions.add(new OffsetCommitResponse.PartitionResult(partition.partition(),
                        exists ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        exists ? null : topic.name() + "-" + partition.partition() + " does not exist"));
            }
            topics.add(new OffsetCommitResponse.TopicResult(topic.name(), partitions));
        }
        return new OffsetCommitResponse(topics);
    }

    OffsetFetchResponse fetch(OffsetFetchRequest request) {
        Set<TopicPartition> wanted = toSet(request.topics());
        Map<TopicPartition, OffsetAndMetadata> committed = broker.groups().committedOffsets(request.groupId(), wanted);
        Map<String, List<OffsetFetchResponse.PartitionResult>> byTopic = new TreeMap<>();
        Set<TopicPartition> all = wanted == null ? committed.keySet() : wanted;
        for (TopicPartition tp : new java.util.TreeSet<>(all)) {
            OffsetAndMetadata om = committed.get(tp);
            boolean exists = broker.topicExists(tp.topic()) && tp.partition() >= 0
                    && tp.partition() < broker.describeTopic(tp.topic()).partitionCount();
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new OffsetFetchResponse.PartitionResult(
                    tp.partition(), om == null ? -1L : om.offset(), om == null ? null : om.metadata(),
                    exists ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    exists ? null : tp + " does not exist"));
        }
        List<OffsetFetchResponse.TopicResult> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new OffsetFetchResponse.TopicResult(topic, partitions)));
        return new OffsetFetchResponse(topics);
    }

    ListGroupsResponse list() {
        List<ListGroupsResponse.ListedGroup> groups = new ArrayList<>();
        for (ConsumerGroups.GroupListing listing : broker.groups().listGroups()) {
            groups.add(new ListGroupsResponse.ListedGroup(listing.groupId(), listing.state(), listing.memberCount()));
        }
        return new ListGroupsResponse(groups);
    }

    DescribeGroupsResponse describe(DescribeGroupsRequest request) {
        List<DescribeGroupsResponse.DescribedGroup> groups = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            try {
                ConsumerGroups.GroupDescription group = broker.groups().describeGroup(groupId);
                List<DescribeGroupsResponse.Member> members = new ArrayList<>();
                Set<TopicPartition> assigned = new HashSet<>();
                for (ConsumerGroups.MemberDescription member : group.members()) {
                    members.add(new DescribeGroupsResponse.Member(member.memberId(),
                            member.clientId() == null ? "" : member.clientId(), member.memberEpoch(),
                            toLists(member.assignment())));
                    assigned.addAll(member.assignment());
                }
                Set<TopicPartition> partitions = new java.util.TreeSet<>(group.committedOffsets().keySet());
                partitions.addAll(assigned);
                Map<String, List<DescribeGroupsResponse.PartitionLag>> byTopic = new TreeMap<>();
                for (TopicPartition tp : partitions) {
                    long end;
                    try {
                        end = broker.logEndOffset(tp.topic(), tp.partition());
                    } catch (RuntimeException gone) {
                        continue;
                    }
                    OffsetAndMetadata om = group.committedOffsets().get(tp);
                    long committed = om == null ? -1L : om.offset();
                    byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new DescribeGroupsResponse
                            .PartitionLag(tp.partition(), committed, end, committed < 0 ? -1L : Math.max(0, end - committed)));
                }
                List<DescribeGroupsResponse.TopicLag> offsets = new ArrayList<>();
                byTopic.forEach((topic, lags) -> offsets.add(new DescribeGroupsResponse.TopicLag(topic, lags)));
                groups.add(new DescribeGroupsResponse.DescribedGroup(groupId, ErrorCode.NONE, null, group.state(),
                        group.assignor(), group.groupEpoch(), members, offsets));
            } catch (RuntimeException e) {
                groups.add(new DescribeGroupsResponse.DescribedGroup(groupId, Errors.code(e),
                        Errors.message(e, "describe group " + groupId), "Dead", null, -1, List.of(), List.of()));
            }
        }
        return new DescribeGroupsResponse(groups);
    }

    DeleteGroupsResponse delete(DeleteGroupsRequest request) {
        List<DeleteGroupsResponse.GroupResult> results = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            try {
                broker.groups().deleteGroup(groupId);
                results.add(new DeleteGroupsResponse.GroupResult(groupId, ErrorCode.NONE, null));
            } catch (RuntimeException e) {
                results.add(new DeleteGroupsResponse.GroupResult(groupId, Errors.code(e),
                        Errors.message(e, "delete group " + groupId)));
            }
        }
        return new DeleteGroupsResponse(results);
    }

    private static Set<TopicPartition> toSet(List<TopicPartitions> lists) {
        if (lists == null) {
            return null;
        }
        Set<TopicPartition> set = new HashSet<>();
        for (TopicPartitions topic : lists) {
            for (int partition : topic.partitions()) {
                set.add(new TopicPartition(topic.topic(), partition));
            }
        }
        return set;
    }

    static List<TopicPartitions> toLists(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : new java.util.TreeSet<>(partitions)) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<TopicPartitions> lists = new ArrayList<>();
        byTopic.forEach((topic, ps) -> lists.add(new TopicPartitions(topic, ps)));
        return lists;
    }
}
