package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.ConsumerGroups;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.UnknownMemberIdException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/**
 * ConsumerGroupHeartbeat (KIP-848), for Kafka consumers with {@code group.protocol=consumer}: the
 * same server-side assignment that Brook's own consumers use, with partitions named by topic id
 * as Kafka's protocol does. A subscription by regular expression (which kafka-clients sends only
 * when it changes, so it is kept per member) is resolved against the topics that exist at each
 * heartbeat (Java's regex syntax, which agrees with Kafka's RE2/J for ordinary
 * patterns, within a bounded number of steps: {@link BoundedRegexMatch}), so that topics created
 * later join the subscription. Epoch -2 (a static member's
 * temporary leave) is treated as a leave: Brook does not keep static members of these groups.
 *
 * <p>Thread-safe: its only state of its own, the members' regexes, is a concurrent map.
 */
final class KafkaConsumerGroupHeartbeats {
    private static final int STATIC_LEAVE_EPOCH = -2;

    private final Broker broker;

    /**
     * The regular expression each member subscribed with, by group and member id: kafka-clients
     * sends it only when it changes, and the topics it matches are looked up again at every
     * heartbeat, so that topics created later join the subscription. Forgotten when the member
     * leaves, is refused as unknown, or subscribes by names; the entries of members that vanished
     * without a word are dropped once there are more than {@value #PRUNE_ABOVE}.
     */
    private final Map<MemberKey, Pattern> patterns = new ConcurrentHashMap<>();
    private static final int PRUNE_ABOVE = 10_000;

    private record MemberKey(String groupId, String memberId) {
    }

    KafkaConsumerGroupHeartbeats(Broker broker) {
        this.broker = broker;
    }

    ConsumerGroupHeartbeatResponse heartbeat(ConsumerGroupHeartbeatRequest request, KafkaRequestContext context) {
        ConsumerGroupHeartbeatRequestData data = request.data();
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData();
        MemberKey key = new MemberKey(data.groupId(), data.memberId());
        try {
            Pattern pattern = pattern(data, key);
            Set<String> subscription = subscription(data, pattern);
            int epoch = data.memberEpoch() == STATIC_LEAVE_EPOCH ? ConsumerGroups.Heartbeat.LEAVE : data.memberEpoch();
            ConsumerGroups.HeartbeatResult result = broker.groups().heartbeat(new ConsumerGroups.Heartbeat(
                    data.groupId(), data.memberId(), epoch, context.clientId(), data.rebalanceTimeoutMs(),
                    subscription, data.serverAssignor(), owned(data.topicPartitions())));
            remember(key, new MemberKey(data.groupId(), result.memberId()), epoch, pattern);
            response.setMemberId(result.memberId())
                    .setMemberEpoch(data.memberEpoch() == STATIC_LEAVE_EPOCH ? STATIC_LEAVE_EPOCH : result.memberEpoch())
                    .setHeartbeatIntervalMs(result.heartbeatIntervalMs());
            if (result.memberEpoch() >= 0) {
                response.setAssignment(assignment(result.assignment()));
            }
        } catch (PatternSyntaxException | BoundedRegexMatch.TooCostlyException e) {
            response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code()).setErrorMessage(e.getMessage());
        } catch (UnknownMemberIdException e) {
            patterns.remove(key);
            response.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, context.describe()));
        } catch (RuntimeException e) {
            response.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e, context.describe()));
        }
        return new ConsumerGroupHeartbeatResponse(response);
    }

    /** The member's regex: the one this heartbeat sends, else the one it sent before, if any. */
    private Pattern pattern(ConsumerGroupHeartbeatRequestData data, MemberKey key) {
        String regex = data.subscribedTopicRegex();
        if (regex != null && !regex.isEmpty()) {
            return Pattern.compile(regex);
        }
        if (regex != null || data.subscribedTopicNames() != null) {
            return null; // an empty regex, or names: the member no longer subscribes by regex
        }
        return data.memberEpoch() == 0 ? null : patterns.get(key);
    }

    private void remember(MemberKey sent, MemberKey member, int epoch, Pattern pattern) {
        if (epoch < 0 || pattern == null) {
            patterns.remove(sent);
            patterns.remove(member);
            return;
        }
        patterns.put(member, pattern);
        if (patterns.size() > PRUNE_ABOVE) {
            patterns.keySet().removeIf(key -> !isMember(key));
        }
    }

    private boolean isMember(MemberKey key) {
        ConsumerGroups.GroupDescription group = broker.groups().describeGroup(key.groupId());
        return group != null && group.members().stream().anyMatch(m -> m.memberId().equals(key.memberId()));
    }

    private Set<String> subscription(ConsumerGroupHeartbeatRequestData data, Pattern pattern) {
        if (pattern != null) {
            Set<String> matching = new HashSet<>();
            for (String topic : broker.listTopics()) {
                if (BoundedRegexMatch.matches(pattern, topic)) {
                    matching.add(topic);
                }
            }
            if (data.subscribedTopicNames() != null) {
                matching.addAll(data.subscribedTopicNames());
            }
            return matching;
        }
        return data.subscribedTopicNames() == null ? null : Set.copyOf(data.subscribedTopicNames());
    }

    private Set<TopicPartition> owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> topics) {
        if (topics == null) {
            return null;
        }
        Set<TopicPartition> owned = new HashSet<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions topic : topics) {
            String name = broker.topicName(KafkaClusterHandler.toUuid(topic.topicId()));
            if (name == null) {
                // A deleted topic: its partitions are owned by nobody any more.
                continue;
            }
            for (int partition : topic.partitions()) {
                owned.add(new TopicPartition(name, partition));
            }
        }
        return owned;
    }

    private ConsumerGroupHeartbeatResponseData.Assignment assignment(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> entry : byTopic.entrySet()) {
            UUID id = broker.topicId(entry.getKey());
            if (id != null) {
                entry.getValue().sort(null);
                topics.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                        .setTopicId(KafkaClusterHandler.toKafka(id)).setPartitions(entry.getValue()));
            }
        }
        return new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(topics);
    }
}
