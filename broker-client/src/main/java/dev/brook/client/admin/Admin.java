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
import dev.brook.protocol.wire.DeleteTopicsRequest;
import dev.brook.protocol.wire.DescribeConfigsRequest;
import dev.brook.protocol.wire.DescribeConfigsResponse;
import dev.brook.protocol.wire.ListOffsetsRequest;
import dev.brook.protocol.wire.ListOffsetsResponse;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.TopicError;
import dev.brook.protocol.wire.TopicErrorsResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Administers a Brook broker: topics, their partitions and settings, and offsets.
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
 * {@code InvalidConfigurationException}). Retriable failures, such as a lost connection, are
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
                new BrokerConnection.Settings(config.clientId(), config.connectTimeoutMs(), config.requestTimeoutMs(),
                        100, 64 * 1024 * 1024),
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
