package dev.brook.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.InvalidConfigurationException;
import dev.brook.protocol.errors.InvalidReplicationFactorException;
import dev.brook.protocol.errors.InvalidTopicException;
import dev.brook.protocol.errors.TopicExistsException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Admin client against a real broker on 127.0.0.1. */
class AdminIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;
    private Admin admin;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        admin = Admin.create(AdminConfig.builder().bootstrapServer("127.0.0.1:" + server.port()).build());
    }

    @AfterEach
    void stop() {
        admin.close();
        if (server != null) {
            server.close();
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected the operation to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void createsListsDescribesAndDeletesTopics() throws Exception {
        UUID id = get(admin.createTopic(NewTopic.of("orders", 3).withConfig("retention.ms", "3600000")));
        get(admin.createTopic(NewTopic.of("audit", 1)));

        assertThat(get(admin.listTopics())).containsExactly("audit", "orders");
        TopicInfo orders = get(admin.describeTopics(List.of("orders"))).get("orders");
        assertThat(orders.topicId()).isEqualTo(id);
        assertThat(orders.partitions()).extracting(TopicInfo.PartitionInfo::partition).containsExactly(0, 1, 2);
        assertThat(get(admin.describeConfigs("orders")).get("retention.ms"))
                .isEqualTo(new ConfigEntry("retention.ms", "3600000", false));

        get(admin.deleteTopic("audit"));
        assertThat(get(admin.listTopics())).containsExactly("orders");
    }

    @Test
    void growsTopicsAndChangesTheirSettings() throws Exception {
        get(admin.createTopic(NewTopic.of("grow", 1)));
        get(admin.createPartitions("grow", 4));
        get(admin.alterConfigs("grow", Map.of("segment.bytes", "1048576"), Set.of()));

        assertThat(get(admin.describeAllTopics()).get("grow").partitions()).hasSize(4);
        Map<String, ConfigEntry> configs = get(admin.describeConfigs("grow"));
        assertThat(configs.get("segment.bytes").value()).isEqualTo("1048576");
        assertThat(configs.get("segment.bytes").isDefault()).isFalse();
        assertThat(configs.get("retention.ms").isDefault()).isTrue();

        get(admin.alterConfigs("grow", Map.of(), Set.of("segment.bytes")));
        assertThat(get(admin.describeConfigs("grow")).get("segment.bytes").isDefault()).isTrue();
    }

    @Test
    void listsOffsetsByPosition() throws Exception {
        get(admin.createTopic(NewTopic.of("offsets", 1)));
        server.broker().append("offsets", 0, RecordBatchBuilder.allocate(256).append(1000, null, new byte[1]).build());
        server.broker().append("offsets", 0, RecordBatchBuilder.allocate(256).append(5000, null, new byte[1]).build());
        TopicPartition tp = new TopicPartition("offsets", 0);

        assertThat(get(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())))).containsEntry(tp, 0L);
        assertThat(get(admin.listOffsets(Map.of(tp, OffsetSpec.latest())))).containsEntry(tp, 2L);
        assertThat(get(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(2000))))).containsEntry(tp, 1L);
        assertThat(get(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(9000))))).containsEntry(tp, -1L);
    }

    @Test
    void failuresArriveAsTypedExceptionsWithActionableMessages() throws Exception {
        get(admin.createTopic(NewTopic.of("taken", 1)));

        assertThat(failureOf(admin.createTopic(NewTopic.of("taken", 1))))
                .isInstanceOf(TopicExistsException.class).hasMessageContaining("taken");
        assertThat(failureOf(admin.createTopic(NewTopic.of("bad/name", 1))))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("'/'");
        assertThat(failureOf(admin.createTopic(NewTopic.of("rf", 1).withReplicationFactor((short) 3))))
                .isInstanceOf(InvalidReplicationFactorException.class);
        assertThat(failureOf(admin.createTopic(NewTopic.of("cfg", 1).withConfig("retention.ms", "never"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms");
        assertThat(failureOf(admin.deleteTopic("missing")))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("missing");
        assertThat(failureOf(admin.describeTopics(List.of("missing"))))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        get(admin.validateTopic(NewTopic.of("dry-run", 2)));
        assertThat(get(admin.listTopics())).doesNotContain("dry-run");
    }

    @Test
    void aWrongAddressFailsQuicklyWithTheAddressInTheMessage() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        try (Admin nowhere = Admin.create(AdminConfig.builder().bootstrapServer("127.0.0.1:" + unused)
                .defaultApiTimeoutMs(500).build())) {
            Throwable failure = failureOf(nowhere.listTopics());
            assertThat(failure).isInstanceOf(BrookException.class).hasMessageContaining("127.0.0.1:" + unused);
            assertThat(((BrookException) failure).errorCode()).isEqualTo(ErrorCode.NETWORK_EXCEPTION);
        }
        assertThatThrownBy(() -> AdminConfig.builder().bootstrapServer("no-port"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    }

    @Test
    void aRestartedBrokerIsReconnectedToWithoutHelp() throws Exception {
        get(admin.createTopic(NewTopic.of("before", 1)));
        int port = server.port();
        server.close();
        server = BrookServer.start(ServerConfig.builder().port(port).kafkaPort(0).httpPort(0).dataDir(dataDir).build());

        assertThat(get(admin.listTopics())).containsExactly("before");
    }
}
