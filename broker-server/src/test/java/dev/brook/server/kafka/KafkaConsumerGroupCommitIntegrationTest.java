package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offset commits of KIP-848 consumer-group members, checked against their member epoch as Kafka does. */
class KafkaConsumerGroupCommitIntegrationTest {
    @TempDir
    Path dir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build());
        server.broker().createTopic(NewTopic.of("orders", 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCommitWithAnOlderMemberEpochIsAnsweredStaleMemberEpochSoTheConsumerRetries() throws Exception {
        try (KafkaWireClient client = new KafkaWireClient(server.kafkaAddress())) {
            ConsumerGroupHeartbeatResponseData joined = (ConsumerGroupHeartbeatResponseData) client.send(
                    new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("").setMemberEpoch(0)
                            .setRebalanceTimeoutMs(60_000).setSubscribedTopicNames(List.of("orders"))
                            .setTopicPartitions(List.of()), (short) 0);
            assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(joined.memberEpoch()).isPositive();

            short stale = commit(client, joined.memberId(), joined.memberEpoch() - 1);
            short current = commit(client, joined.memberId(), joined.memberEpoch());

            assertThat(Errors.forCode(stale)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
            assertThat(Errors.forCode(current)).isEqualTo(Errors.NONE);
        }
    }

    private static short commit(KafkaWireClient client, String memberId, int epoch) throws Exception {
        OffsetCommitResponseData response = (OffsetCommitResponseData) client.send(new OffsetCommitRequestData()
                .setGroupId("g").setMemberId(memberId).setGenerationIdOrMemberEpoch(epoch)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(1))))), (short) 9);
        return response.topics().get(0).partitions().get(0).errorCode();
    }
}
