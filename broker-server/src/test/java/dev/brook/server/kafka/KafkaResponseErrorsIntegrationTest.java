package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import dev.brook.protocol.record.RecordBatchBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors nested in Kafka responses (per topic, per partition, per group) reach the request
 * error counter by code, as {@link KafkaResponseErrors} finds them.
 */
class KafkaResponseErrorsIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).kafkaPort(0).httpEnabled(false).dataDir(dataDir)
                .build());
        server.broker().createTopic(NewTopic.of("exists", 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private double errors(String api, String error) {
        Matcher matcher = Pattern.compile("^brook_request_errors_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(server.scrapeMetrics());
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("listener=\"kafka\"") && labels.contains("api=\"" + api + "\"")
                    && labels.contains("error=\"" + error + "\"")) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }

    @Test
    void aTopicThatExistsAndAPartitionThatDoesNotAreCountedByCode() throws Exception {
        try (KafkaWireClient client = new KafkaWireClient(server.kafkaAddress())) {
            CreateTopicsResponseData created = (CreateTopicsResponseData) client.send(new CreateTopicsRequestData()
                    .setTimeoutMs(10_000)
                    .setTopics(new CreateTopicsRequestData.CreatableTopicCollection(List.of(
                            new CreateTopicsRequestData.CreatableTopic().setName("exists").setNumPartitions(1)
                                    .setReplicationFactor((short) 1),
                            new CreateTopicsRequestData.CreatableTopic().setName("fresh").setNumPartitions(1)
                                    .setReplicationFactor((short) 1)).iterator())), (short) 7);
            assertThat(created.topics().find("exists").errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
            assertThat(created.topics().find("fresh").errorCode()).isEqualTo(Errors.NONE.code());

            MemoryRecords records = MemoryRecords.readableRecords(RecordBatchBuilder.allocate(256)
                    .append(1L, null, new byte[] {1}).build());
            ProduceResponseData produced = (ProduceResponseData) client.send(new ProduceRequestData().setAcks((short) 1)
                    .setTimeoutMs(10_000)
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                            new ProduceRequestData.TopicProduceData().setName("exists").setPartitionData(List.of(
                                    new ProduceRequestData.PartitionProduceData().setIndex(0)
                                            .setRecords(records),
                                    new ProduceRequestData.PartitionProduceData().setIndex(7)
                                            .setRecords(records)))).iterator())), (short) 9);
            assertThat(produced.responses().iterator().next().partitionResponses())
                    .extracting(ProduceResponseData.PartitionProduceResponse::errorCode)
                    .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code());

            DeleteGroupsResponseData deleted = (DeleteGroupsResponseData) client.send(new DeleteGroupsRequestData()
                    .setGroupsNames(List.of("never-was", "nor-this")), (short) 2);
            assertThat(deleted.results()).extracting(DeleteGroupsResponseData.DeletableGroupResult::errorCode)
                    .containsOnly(Errors.GROUP_ID_NOT_FOUND.code());
        }

        assertThat(errors("CreateTopics", "TOPIC_ALREADY_EXISTS")).isEqualTo(1);
        assertThat(errors("Produce", "UNKNOWN_TOPIC_OR_PARTITION")).isEqualTo(1);
        assertThat(errors("DeleteGroups", "GROUP_ID_NOT_FOUND")).isEqualTo(2);
        assertThat(server.scrapeMetrics()).doesNotContain("error=\"NONE\"");
    }
}
