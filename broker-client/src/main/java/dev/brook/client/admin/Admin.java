package dev.brook.client.admin;

import dev.brook.client.internal.BrokerClient;
import dev.brook.client.internal.BrokerConnection;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.AlterConfigsRequest;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.CreatePartitionsRequest;
import dev.brook.protocol.wire.CreateTopicsRequest;
import dev.brook.protocol.wire.CreateTopicsResponse;
import dev.brook.protocol.wire.DeleteGroupsRequest;
import dev.brook.protocol.wire.DeleteGroupsResponse;
import dev.brook.protocol.wire.DeleteTopicsRequest;
import dev.brook.protocol.wire.DescribeConfigsRequest;
import dev.brook.protocol.wire.DescribeConfigsResponse;
import dev.brook.protocol.wire.DescribeGroupsRequest;
import dev.brook.protocol.wire.DescribeGroupsResponse;
import dev.brook.protocol.wire.ListGroupsRequest;
import dev.brook.protocol.wire.ListGroupsResponse;
import dev.brook.protocol.wire.ListOffsetsRequest;
import dev.brook.protocol.wire.ListOffsetsResponse;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.OffsetCommitRequest;
import dev.brook.protocol.wire.OffsetCommitResponse;
import dev.brook.protocol.wire.OffsetFetchRequest;
import dev.brook.protocol.wire.OffsetFetchResponse;
import dev.brook.protocol.wire.TopicError;
import dev.brook.protocol.wire.TopicErrorsResponse;
import dev.brook.protocol.wire.TopicPartitions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Administers a Brook broker: topics, their partitions and settings, offsets, and consumer groups
 * with their committed offsets.
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer("127.0.0.1:7092").build())) {
 *     admin.createTopic(NewTopic.of("events", 3)).get(30, TimeUnit.SECONDS);
 *     System.out.println(admin.listTopics().get(30, TimeUnit.SECONDS));
 * }
 * }</pre>
 *
 * <p>Every operation returns a {@link CompletableFuture}. A failure completes it with a
 * {@link BrookException} subclass carrying the broker's error code and a message a person can act
 * on (for example {@code TopicExistsException}, {@code UnknownTopicOrPartitionException},
 * {@code InvalidConfigurationException}, {@code GroupIdNotFoundException}). Retriable failures, such as a lost connection, are
 * retried until {@link AdminConfig#defaultApiTimeoutMs()}; the connection is re-established
 * automatically, so a restarted broker needs nothing from the application.
 *
 * <p>Thread-safe.
 */
public final class Admin implements AutoCloseable {
    private final AdminConfig config;
    private final BrokerClient client;

    private Admin(AdminConfig config) {
        this.config = config;
        this.client = new BrokerClient(BrokerClient.parseAddress(config.bootstrapServer()),
                BrokerConnection.Settings.of(config.clientId(), config.connectTimeoutMs(), config.requestTimeoutMs(),
                        100, 64 * 1024 * 1024, config.security()),
                config.retryBackoffMs(), "brook-admin");
    }

    public static Admin create(AdminConfig config) {
        return new Admin(config);
    }

    /** Creates a topic; completes with its id. */
    public CompletableFuture<UUID> createTopic(NewTopic topic) {
        return createTopic(topic, false);
    }

    /** Checks that the broker would create the topic, creating nothing. */
    public CompletableFuture<Void> validateTopic(NewTopic topic) {
        return createTopic(topic, true).thenApply(id -> null);
    }

    private CompletableFuture<UUID> createTopic(NewTopic topic, boolean validateOnly) {
        List<CreateTopicsRequest.Config> configs = new ArrayList<>();
        topic.configs().forEach((k, v) -> configs.add(new CreateTopicsRequest.Config(k, v)));
        CreateTopicsRequest request = new CreateTopicsRequest(List.of(new CreateTopicsRequest.TopicSpec(topic.name(),
                topic.partitions(), topic.replicationFactor(), configs)), validateOnly);
        return call(ApiKey.CREATE_TOPICS, request, CreateTopicsResponse::read).thenApply(response -> {
            CreateTopicsResponse.TopicResult result = response.topics().get(0);
            throwIfError(result.errorCode(), result.errorMessage());
            return result.topicId();
        });
    }

    /** Deletes a topic. */
    public CompletableFuture<Void> deleteTopic(String topic) {
        return call(ApiKey.DELETE_TOPICS, new DeleteTopicsRequest(List.of(topic)), TopicErrorsResponse::read)
                .thenAccept(Admin::throwIfError);
    }

    /** The names of all topics, sorted. */
    public CompletableFuture<List<String>> listTopics() {
        return call(ApiKey.METADATA, new MetadataRequest(null), MetadataResponse::read).thenApply(response -> {
            TreeSet<String> names = new TreeSet<>();
            response.topics().forEach(t -> names.add(t.name()));
            return new ArrayList<>(names);
        });
    }

    /** Describes the named topics; fails if any of them does not exist. */
    public CompletableFuture<Map<String, TopicInfo>> describeTopics(Collection<String> topics) {
        return describe(new MetadataRequest(List.copyOf(topics)));
    }

    /** Describes every topic. */
    public CompletableFuture<Map<String, TopicInfo>> describeAllTopics() {
        return describe(new MetadataRequest(null));
    }

    private CompletableFuture<Map<String, TopicInfo>> describe(MetadataRequest request) {
        return call(ApiKey.METADATA, request, MetadataResponse::read).thenApply(response -> {
            Map<String, TopicInfo> topics = new LinkedHashMap<>();
            for (MetadataResponse.TopicMetadata topic : response.topics()) {
                throwIfError(topic.errorCode(), topic.errorMessage());
                List<TopicInfo.PartitionInfo> partitions = new ArrayList<>();
                for (MetadataResponse.PartitionMetadata p : topic.partitions()) {
                    partitions.add(new TopicInfo.PartitionInfo(p.partition(), p.leaderId(), p.logStartOffset(),
                            p.logEndOffset()));
                }
                topics.put(topic.name(), new TopicInfo(topic.name(), topic.topicId(), partitions));
            }
            return topics;
        });
    }

    /** Grows a topic to {@code totalPartitions} partitions. */
    public CompletableFuture<Void> createPartitions(String topic, int totalPartitions) {
        return call(ApiKey.CREATE_PARTITIONS, new CreatePartitionsRequest(List.of(
                new CreatePartitionsRequest.TopicCount(topic, totalPartitions))), TopicErrorsResponse::read)
                .thenAccept(Admin::throwIfError);
    }

    /** Every setting of a topic, by name. */
    public CompletableFuture<Map<String, ConfigEntry>> describeConfigs(String topic) {
        return call(ApiKey.DESCRIBE_CONFIGS, new DescribeConfigsRequest(List.of(
                new DescribeConfigsRequest.TopicKeys(topic, null))), DescribeConfigsResponse::read).thenApply(r -> {
                    DescribeConfigsResponse.TopicConfigs result = r.topics().get(0);
                    throwIfError(result.errorCode(), result.errorMessage());
                    Map<String, ConfigEntry> entries = new TreeMap<>();
                    for (DescribeConfigsResponse.ConfigEntry entry : result.configs()) {
                        entries.put(entry.key(), new ConfigEntry(entry.key(), entry.value(), entry.isDefault()));
                    }
                    return entries;
                });
    }

    /**
     * Sets the settings in {@code set} on a topic and returns those in {@code remove} to the
     * broker default, all or nothing.
     */
    public CompletableFuture<Void> alterConfigs(String topic, Map<String, String> set, Collection<String> remove) {
        List<AlterConfigsRequest.Change> changes = new ArrayList<>();
        set.forEach((k, v) -> changes.add(new AlterConfigsRequest.Change(k, AlterConfigsRequest.SET, v)));
        remove.forEach(k -> changes.add(new AlterConfigsRequest.Change(k, AlterConfigsRequest.DELETE, null)));
        return call(ApiKey.ALTER_CONFIGS, new AlterConfigsRequest(List.of(
                new AlterConfigsRequest.TopicChanges(topic, changes))), TopicErrorsResponse::read)
                .thenAccept(Admin::throwIfError);
    }

    /**
     * Looks up offsets: for each partition, the earliest, the latest or the first at or after a
     * time; -1 where no record is that late.
     */
    public CompletableFuture<Map<TopicPartition, Long>> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<String, List<ListOffsetsRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        specs.forEach((tp, spec) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new ListOffsetsRequest.PartitionData(tp.partition(), spec.timestamp())));
        List<ListOffsetsRequest.TopicData> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new ListOffsetsRequest.TopicData(t, ps)));
        return call(ApiKey.LIST_OFFSETS, new ListOffsetsRequest(topics), ListOffsetsResponse::read).thenApply(r -> {
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            for (ListOffsetsResponse.TopicResult topic : r.topics()) {
                for (ListOffsetsResponse.PartitionResult p : topic.partitions()) {
                    throwIfError(p.errorCode(), p.errorMessage());
                    offsets.put(new TopicPartition(topic.name(), p.partition()), p.offset());
                }
            }
            return offsets;
        });
    }

    /** Every consumer group that has members or committed offsets, sorted by group id. */
    public CompletableFuture<List<GroupListing>> listGroups() {
        return call(ApiKey.LIST_GROUPS, new ListGroupsRequest(), ListGroupsResponse::read).thenApply(response -> {
            List<GroupListing> groups = new ArrayList<>();
            for (ListGroupsResponse.ListedGroup group : response.groups()) {
                groups.add(new GroupListing(group.groupId(), group.state(), group.memberCount()));
            }
            groups.sort(Comparator.comparing(GroupListing::groupId));
            return groups;
        });
    }

    /**
     * Describes consumer groups, with their members and, per partition, the committed offset, log
     * end offset and lag. Fails with the first group's error if any cannot be described:
     * {@code GroupIdNotFoundException} for a group with neither members nor committed offsets,
     * {@code InvalidGroupIdException} for the empty id.
     */
    public CompletableFuture<Map<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        return call(ApiKey.DESCRIBE_GROUPS, new DescribeGroupsRequest(List.copyOf(groupIds)),
                DescribeGroupsResponse::read).thenApply(response -> {
                    Map<String, GroupDescription> groups = new LinkedHashMap<>();
                    for (DescribeGroupsResponse.DescribedGroup group : response.groups()) {
                        throwIfError(group.errorCode(), group.errorMessage());
                        groups.put(group.groupId(), toDescription(group));
                    }
                    return groups;
                });
    }

    private static GroupDescription toDescription(DescribeGroupsResponse.DescribedGroup group) {
        List<MemberInfo> members = new ArrayList<>();
        for (DescribeGroupsResponse.Member member : group.members()) {
            members.add(new MemberInfo(member.memberId(), member.clientId(), member.memberEpoch(),
                    toSet(member.assignment())));
        }
        Map<TopicPartition, PartitionLag> offsets = new TreeMap<>();
        for (DescribeGroupsResponse.TopicLag topic : group.offsets()) {
            for (DescribeGroupsResponse.PartitionLag p : topic.partitions()) {
                offsets.put(new TopicPartition(topic.topic(), p.partition()),
                        new PartitionLag(p.committedOffset(), p.logEndOffset(), p.lag()));
            }
        }
        return new GroupDescription(group.groupId(), group.state(), group.assignor(), group.groupEpoch(), members,
                offsets);
    }

    /**
     * Every offset a consumer group has committed, sorted by topic and partition; empty for a group
     * that does not exist.
     */
    public CompletableFuture<Map<TopicPartition, Long>> listGroupOffsets(String groupId) {
        return call(ApiKey.OFFSET_FETCH, new OffsetFetchRequest(groupId, null), OffsetFetchResponse::read)
                .thenApply(response -> {
                    Map<TopicPartition, Long> offsets = new TreeMap<>();
                    for (OffsetFetchResponse.TopicResult topic : response.topics()) {
                        for (OffsetFetchResponse.PartitionResult p : topic.partitions()) {
                            throwIfError(p.errorCode(), p.errorMessage());
                            if (p.offset() != OffsetFetchResponse.NO_OFFSET) {
                                offsets.put(new TopicPartition(topic.name(), p.partition()), p.offset());
                            }
                        }
                    }
                    return offsets;
                });
    }

    /**
     * Commits offsets for a consumer group from outside it, creating the group if it does not
     * exist. The broker accepts this only while the group has no members: otherwise the future
     * fails with {@code UnknownMemberIdException}, and nothing is committed. A partition that does
     * not exist fails it with {@code UnknownTopicOrPartitionException}.
     *
     * @throws IllegalArgumentException if an offset is negative
     */
    public CompletableFuture<Void> alterGroupOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        Map<String, List<OffsetCommitRequest.PartitionOffset>> byTopic = new TreeMap<>();
        new TreeMap<>(offsets).forEach((tp, offset) -> {
            if (offset < 0) {
                throw new IllegalArgumentException("the offset for " + tp + " must not be negative, got " + offset);
            }
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(new OffsetCommitRequest.PartitionOffset(tp.partition(), offset, null));
        });
        List<OffsetCommitRequest.TopicOffsets> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new OffsetCommitRequest.TopicOffsets(topic, partitions)));
        OffsetCommitRequest request = new OffsetCommitRequest(groupId, null, OffsetCommitRequest.NO_MEMBER_EPOCH,
                topics);
        return call(ApiKey.OFFSET_COMMIT, request, OffsetCommitResponse::read).thenAccept(response -> {
            for (OffsetCommitResponse.TopicResult topic : response.topics()) {
                for (OffsetCommitResponse.PartitionResult p : topic.partitions()) {
                    throwIfError(p.errorCode(), p.errorMessage());
                }
            }
        });
    }

    /**
     * Moves a consumer group's committed offsets for {@code partitions} to the earliest, the latest
     * or the first offset at or after a time, and completes with the offsets committed. For a time
     * later than every record of a partition, that is the partition's log end offset, as in Kafka.
     * Fails like {@link #alterGroupOffsets} while the group has members.
     */
    public CompletableFuture<Map<TopicPartition, Long>> resetGroupOffsets(String groupId,
            Collection<TopicPartition> partitions, OffsetSpec spec) {
        return resolveOffsets(partitions, spec).thenCompose(offsets ->
                alterGroupOffsets(groupId, offsets).thenApply(done -> offsets));
    }

    /**
     * The offsets {@link #resetGroupOffsets} would commit, sorted by topic and partition, committing
     * nothing: what a dry run shows.
     */
    public CompletableFuture<Map<TopicPartition, Long>> resolveOffsets(Collection<TopicPartition> partitions,
            OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        return listOffsets(specs).thenCompose(found -> {
            Map<TopicPartition, Long> offsets = new TreeMap<>(found);
            Map<TopicPartition, OffsetSpec> pastTheEnd = new LinkedHashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset < 0) {
                    pastTheEnd.put(tp, OffsetSpec.latest());
                }
            });
            if (pastTheEnd.isEmpty()) {
                return CompletableFuture.completedFuture(offsets);
            }
            return listOffsets(pastTheEnd).thenApply(ends -> {
                offsets.putAll(ends);
                return offsets;
            });
        });
    }

    /**
     * Deletes consumer groups that have no members, with their committed offsets. Each group is
     * deleted or refused on its own; if any is refused the future fails with the first refusal:
     * {@code NonEmptyGroupException} for a group that still has members,
     * {@code GroupIdNotFoundException} for one that does not exist.
     */
    public CompletableFuture<Void> deleteGroups(Collection<String> groupIds) {
        return call(ApiKey.DELETE_GROUPS, new DeleteGroupsRequest(List.copyOf(groupIds)), DeleteGroupsResponse::read)
                .thenAccept(response -> {
                    for (DeleteGroupsResponse.GroupResult group : response.groups()) {
                        throwIfError(group.errorCode(), group.errorMessage());
                    }
                });
    }

    private static Set<TopicPartition> toSet(List<TopicPartitions> lists) {
        Set<TopicPartition> set = new HashSet<>();
        for (TopicPartitions topic : lists) {
            for (int partition : topic.partitions()) {
                set.add(new TopicPartition(topic.topic(), partition));
            }
        }
        return set;
    }

    private <T> CompletableFuture<T> call(ApiKey api, Message request, BiFunction<ByteBuffer, Short, T> reader) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.defaultApiTimeoutMs());
        return client.sendWithRetries(api, request, reader, deadline);
    }

    private static void throwIfError(TopicErrorsResponse response) {
        for (TopicError error : response.topics()) {
            throwIfError(error.errorCode(), error.errorMessage());
        }
    }

    private static void throwIfError(ErrorCode code, String message) {
        if (code != ErrorCode.NONE) {
            throw code.exception(message == null ? code.description() : message);
        }
    }

    /** Closes the connection; operations still running fail. Idempotent. */
    @Override
    public void close() {
        client.close();
    }
}
