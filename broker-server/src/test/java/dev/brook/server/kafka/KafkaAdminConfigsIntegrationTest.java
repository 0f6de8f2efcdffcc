package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.TopicConfig;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's Admin client reading and changing configs on a running Brook: the answers must be the
 * ones Apache Kafka gives, since Kafka's tools print and act on them.
 */
class KafkaAdminConfigsIntegrationTest {
    /** A broker-wide default set in the server's properties, to be reported as STATIC_BROKER_CONFIG. */
    private static final String BROKER_RETENTION_BYTES = "1000000";

    @TempDir
    Path dir;
    BrookServer server;
    Admin admin;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir)
                .topicDefault(TopicConfig.RETENTION_BYTES, BROKER_RETENTION_BYTES).build());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers()));
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    @Test
    void describeConfigsShowsOverridesAsDynamicTopicConfigAndTheRestAsDefaults() throws Exception {
        createTopic("orders", Map.of(TopicConfig.RETENTION_MS, "1000"));

        Config config = describe(topic("orders"), new DescribeConfigsOptions().includeSynonyms(true)
                .includeDocumentation(true));

        assertThat(config.entries()).hasSize(TopicConfig.KEYS.size());
        ConfigEntry retention = config.get(TopicConfig.RETENTION_MS);
        assertThat(retention.value()).isEqualTo("1000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(retention.isDefault()).isFalse();
        assertThat(retention.isReadOnly()).isFalse();
        assertThat(retention.isSensitive()).isFalse();
        assertThat(retention.type()).isEqualTo(ConfigEntry.ConfigType.LONG);
        assertThat(retention.documentation()).isNotBlank();
        assertThat(retention.synonyms()).extracting(s -> s.source() + ":" + s.name() + "=" + s.value())
                .containsExactly("DYNAMIC_TOPIC_CONFIG:retention.ms=1000", "DEFAULT_CONFIG:log.retention.ms=604800000");

        ConfigEntry segmentBytes = config.get(TopicConfig.SEGMENT_BYTES);
        assertThat(segmentBytes.value()).isEqualTo("1073741824");
        assertThat(segmentBytes.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(segmentBytes.isDefault()).isTrue();
        assertThat(segmentBytes.type()).isEqualTo(ConfigEntry.ConfigType.INT);

        ConfigEntry retentionBytes = config.get(TopicConfig.RETENTION_BYTES);
        assertThat(retentionBytes.value()).isEqualTo(BROKER_RETENTION_BYTES);
        assertThat(retentionBytes.source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(retentionBytes.synonyms()).extracting(s -> s.source() + ":" + s.name() + "=" + s.value())
                .containsExactly("STATIC_BROKER_CONFIG:log.retention.bytes=" + BROKER_RETENTION_BYTES,
                        "DEFAULT_CONFIG:log.retention.bytes=-1");

        assertThat(config.get(TopicConfig.CLEANUP_POLICY).type()).isEqualTo(ConfigEntry.ConfigType.LIST);
        assertThat(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE).type()).isEqualTo(ConfigEntry.ConfigType.STRING);
    }

    @Test
    void describeConfigsWithoutOptionsLeavesOutSynonymsAndDocumentation() throws Exception {
        createTopic("plain", Map.of());

        ConfigEntry entry = describe(topic("plain"), new DescribeConfigsOptions()).get(TopicConfig.RETENTION_MS);

        assertThat(entry.synonyms()).isEmpty();
        assertThat(entry.documentation()).isNull();
    }

    @Test
    void whatKafkaTopicsDescribePrintsIsTheNonDefaultConfigs() throws Exception {
        // kafka-topics --describe asks for the topic's configs without options and prints the
        // entries that are not defaults: the topic's overrides and the broker's static defaults.
        createTopic("printed", Map.of(TopicConfig.SEGMENT_MS, "3600000"));

        Config config = describe(topic("printed"), new DescribeConfigsOptions());

        assertThat(config.entries().stream().filter(e -> !e.isDefault()).map(e -> e.name() + "=" + e.value()))
                .containsExactlyInAnyOrder("segment.ms=3600000", "retention.bytes=" + BROKER_RETENTION_BYTES);
    }

    @Test
    void unknownTopicIsUnknownTopicOrPartition() {
        assertThatThrownBy(() -> describe(topic("missing"), new DescribeConfigsOptions()))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> alter(topic("missing"), set(TopicConfig.RETENTION_MS, "1"), false))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletesOverrides() throws Exception {
        createTopic("changing", Map.of());

        alter(topic("changing"), set(TopicConfig.RETENTION_MS, "5000"), false);
        ConfigEntry changed = describe(topic("changing"), new DescribeConfigsOptions()).get(TopicConfig.RETENTION_MS);
        assertThat(changed.value()).isEqualTo("5000");
        assertThat(changed.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        alter(topic("changing"), new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS, null),
                AlterConfigOp.OpType.DELETE), false);
        ConfigEntry restored = describe(topic("changing"), new DescribeConfigsOptions()).get(TopicConfig.RETENTION_MS);
        assertThat(restored.value()).isEqualTo("604800000");
        assertThat(restored.isDefault()).isTrue();
    }

    @Test
    void appendAddsOnlyMissingItemsOfAListAndIsRefusedForOtherTypes() throws Exception {
        createTopic("lists", Map.of());

        alter(topic("lists"), new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY, "delete"),
                AlterConfigOp.OpType.APPEND), false);
        ConfigEntry policy = describe(topic("lists"), new DescribeConfigsOptions()).get(TopicConfig.CLEANUP_POLICY);
        assertThat(policy.value()).isEqualTo("delete");
        assertThat(policy.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        assertThatThrownBy(() -> alter(topic("lists"), new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS, "1"),
                AlterConfigOp.OpType.APPEND), false))
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Can't APPEND to key retention.ms because its type is not LIST.");
        // Subtracting the only policy leaves none, which Brook cannot run.
        assertThatThrownBy(() -> alter(topic("lists"), new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY,
                "delete"), AlterConfigOp.OpType.SUBTRACT), false))
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("cleanup.policy");
    }

    @Test
    void validateOnlyChecksButChangesNothing() throws Exception {
        createTopic("checked", Map.of());

        alter(topic("checked"), set(TopicConfig.SEGMENT_MS, "1000"), true);

        assertThat(describe(topic("checked"), new DescribeConfigsOptions()).get(TopicConfig.SEGMENT_MS).isDefault()).isTrue();
        assertThatThrownBy(() -> alter(topic("checked"), set(TopicConfig.SEGMENT_MS, "-5"), true))
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.ms");
    }

    @Test
    void anInvalidValueIsRefusedNamingTheKeyAndNothingChanges() throws Exception {
        createTopic("strict", Map.of(TopicConfig.RETENTION_MS, "1000"));

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(topic("strict"), List.of(
                set(TopicConfig.RETENTION_MS, "2000"), set(TopicConfig.MAX_MESSAGE_BYTES, "lots")))).all().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("max.message.bytes");
        assertThatThrownBy(() -> alter(topic("strict"), set("no.such.config", "1"), false))
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("no.such.config");

        assertThat(describe(topic("strict"), new DescribeConfigsOptions()).get(TopicConfig.RETENTION_MS).value())
                .isEqualTo("1000");
    }

    @Test
    void legacyAlterConfigsReplacesTheWholeOverrideSet() throws Exception {
        createTopic("replaced", Map.of(TopicConfig.RETENTION_MS, "1000", TopicConfig.SEGMENT_MS, "2000"));

        ApiError validated = legacyAlter("replaced", Map.of(TopicConfig.FLUSH_MS, "3000"), true);
        assertThat(validated.error()).isEqualTo(Errors.NONE);
        assertThat(nonDefaults("replaced")).containsEntry(TopicConfig.RETENTION_MS, "1000");

        ApiError replaced = legacyAlter("replaced", Map.of(TopicConfig.FLUSH_MS, "3000"), false);
        assertThat(replaced.error()).isEqualTo(Errors.NONE);
        assertThat(nonDefaults("replaced")).containsOnly(Map.entry(TopicConfig.FLUSH_MS, "3000"),
                Map.entry(TopicConfig.RETENTION_BYTES, BROKER_RETENTION_BYTES));

        ApiError refused = legacyAlter("replaced", Map.of(TopicConfig.FLUSH_MS, "soon"), false);
        assertThat(refused.error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(refused.message()).contains("flush.ms");
    }

    @Test
    void describeConfigsOfTheBrokerListsItsSettingsReadOnly() throws Exception {
        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "1");

        Config config = describe(brokerResource, new DescribeConfigsOptions().includeSynonyms(true));

        assertThat(config.get("broker.id").value()).isEqualTo("1");
        assertThat(config.get("num.partitions").value()).isEqualTo("1");
        assertThat(config.get("auto.create.topics.enable").type()).isEqualTo(ConfigEntry.ConfigType.BOOLEAN);
        assertThat(config.get("log.retention.ms").value()).isEqualTo("604800000");
        assertThat(config.get("log.retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("log.retention.bytes").value()).isEqualTo(BROKER_RETENTION_BYTES);
        assertThat(config.get("log.retention.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.entries()).allMatch(ConfigEntry::isReadOnly);
        assertThat(describe(new ConfigResource(ConfigResource.Type.BROKER, ""), new DescribeConfigsOptions()).entries())
                .isEmpty();
    }

    @Test
    void brokerSettingsCannotBeChangedAndAnotherBrokerIdIsRefused() {
        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "1");
        assertThatThrownBy(() -> alter(brokerResource, set("log.retention.ms", "1000"), false))
                .hasCauseInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Cannot update these configs dynamically: [log.retention.ms]");
        // The cluster-wide default resource ("") is refused in the same way.
        assertThatThrownBy(() -> alter(new ConfigResource(ConfigResource.Type.BROKER, ""),
                set("num.partitions", "3"), false))
                .hasCauseInstanceOf(InvalidRequestException.class);
    }

    @Test
    void describeConfigsOfAGroupReportsTheBrokersGroupSettings() throws Exception {
        Config config = describe(new ConfigResource(ConfigResource.Type.GROUP, "payments"), new DescribeConfigsOptions());

        assertThat(config.get("consumer.session.timeout.ms").value()).isEqualTo("45000");
        assertThat(config.get("consumer.heartbeat.interval.ms").value()).isEqualTo("5000");
    }

    @Test
    void createTopicsReportsTheNewTopicsConfig() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("created", 3, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS, "7000"))));

        Config config = result.config("created").get();
        assertThat(config.get(TopicConfig.RETENTION_MS).value()).isEqualTo("7000");
        assertThat(config.get(TopicConfig.RETENTION_MS).source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get(TopicConfig.SEGMENT_BYTES).isDefault()).isTrue();
        assertThat(config.entries()).hasSize(TopicConfig.KEYS.size());
        assertThat(result.numPartitions("created").get()).isEqualTo(3);
        assertThat(result.replicationFactor("created").get()).isEqualTo(1);

        CreateTopicsResult validated = admin.createTopics(List.of(new NewTopic("validated", 1, (short) 1)
                .configs(Map.of(TopicConfig.SEGMENT_MS, "9000"))), new CreateTopicsOptions().validateOnly(true));
        assertThat(validated.config("validated").get().get(TopicConfig.SEGMENT_MS).value()).isEqualTo("9000");
    }

    @Test
    void createTopicsWithThreeReplicasIsRefused() {
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("replicated", 1, (short) 3))).all().get())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);
    }

    @Test
    void describeTopicsReportsOneReplicaPerPartition() throws Exception {
        createTopic("described", Map.of());

        TopicDescription description = admin.describeTopics(Set.of("described")).allTopicNames().get().get("described");

        assertThat(description.partitions()).hasSize(2);
        for (TopicPartitionInfo partition : description.partitions()) {
            assertThat(partition.replicas()).hasSize(1);
            assertThat(partition.isr()).hasSize(1);
            assertThat(partition.leader().id()).isEqualTo(1);
        }
    }

    private void createTopic(String name, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 2, (short) 1).configs(configs))).all().get();
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private Config describe(ConfigResource resource, DescribeConfigsOptions options) throws Exception {
        return admin.describeConfigs(List.of(resource), options).all().get().get(resource);
    }

    private void alter(ConfigResource resource, AlterConfigOp op, boolean validateOnly) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(op)), new AlterConfigsOptions().validateOnly(validateOnly))
                .all().get();
    }

    private Map<String, String> nonDefaults(String topic) throws Exception {
        return describe(topic(topic), new DescribeConfigsOptions()).entries().stream().filter(e -> !e.isDefault())
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    }

    /** The legacy AlterConfigs, which kafka-clients' Admin no longer sends, over a raw socket. */
    private ApiError legacyAlter(String topic, Map<String, String> configs, boolean validateOnly) throws Exception {
        List<AlterConfigsRequest.ConfigEntry> entries = configs.entrySet().stream()
                .map(e -> new AlterConfigsRequest.ConfigEntry(e.getKey(), e.getValue())).toList();
        short version = ApiKeys.ALTER_CONFIGS.latestVersion();
        AlterConfigsRequest request = new AlterConfigsRequest.Builder(Map.of(topic(topic),
                new AlterConfigsRequest.Config(entries)), validateOnly).build(version);
        RequestHeader header = new RequestHeader(ApiKeys.ALTER_CONFIGS, version, "legacy-test", 7);
        ByteBuffer frame = request.serializeWithHeader(header);
        try (Socket socket = new Socket(server.kafkaAddress().getAddress(), server.kafkaPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(frame.remaining());
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            AbstractResponse parsed = AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
            return ((AlterConfigsResponse) parsed).errors().get(topic(topic));
        }
    }
}
