package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatRequest;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatResponse;
import dev.brook.protocol.wire.DeleteGroupsRequest;
import dev.brook.protocol.wire.DeleteGroupsResponse;
import dev.brook.protocol.wire.DescribeGroupsRequest;
import dev.brook.protocol.wire.DescribeGroupsResponse;
import dev.brook.protocol.wire.ListGroupsRequest;
import dev.brook.protocol.wire.ListGroupsResponse;
import dev.brook.protocol.wire.OffsetCommitRequest;
import dev.brook.protocol.wire.OffsetCommitResponse;
import dev.brook.protocol.wire.OffsetFetchRequest;
import dev.brook.protocol.wire.OffsetFetchResponse;
import dev.brook.protocol.wire.TopicPartitions;
import dev.brook.server.testing.NativeClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumer-group requests of Brook's protocol over real sockets. */
class GroupProtocolIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        server.broker().createTopic(NewTopic.of("t", 4));
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 3; i++) {
                server.broker().append("t", p, NativeProtocolIntegrationTest.batch("v"));
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMemberJoinsCommitsAndIsDescribedWithItsLag() throws Exception {
        try (NativeClient client = NativeClient.connect(server.port())) {
            ConsumerGroupHeartbeatResponse joined = client.call(ApiKey.CONSUMER_GROUP_HEARTBEAT,
                    new ConsumerGroupHeartbeatRequest("g", null, 0, 30_000, List.of("t"), null, List.of()),
                    ConsumerGroupHeartbeatResponse::read);
            assertThat(joined.memberId()).isNotEmpty();
            assertThat(joined.memberEpoch()).isPositive();
            assertThat(joined.assignment()).containsExactly(new TopicPartitions("t", List.of(0, 1, 2, 3)));

            OffsetCommitResponse committed = client.call(ApiKey.OFFSET_COMMIT, new OffsetCommitRequest("g",
                    joined.memberId(), joined.memberEpoch(), List.of(new OffsetCommitRequest.TopicOffsets("t", List.of(
                            new OffsetCommitRequest.PartitionOffset(0, 2, "m"),
                            new OffsetCommitRequest.PartitionOffset(9, 1, null))))), OffsetCommitResponse::read);
            assertThat(committed.topics().get(0).partitions()).extracting(OffsetCommitResponse.PartitionResult::errorCode)
                    .containsExactly(ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

            OffsetFetchResponse fetched = client.call(ApiKey.OFFSET_FETCH, new OffsetFetchRequest("g",
                    List.of(new TopicPartitions("t", List.of(0, 1, 9)))), OffsetFetchResponse::read);
            assertThat(fetched.topics().get(0).partitions()).extracting(OffsetFetchResponse.PartitionResult::offset)
                    .containsExactly(2L, -1L, -1L);
            assertThat(fetched.topics().get(0).partitions()).extracting(OffsetFetchResponse.PartitionResult::errorCode)
                    .containsExactly(ErrorCode.NONE, ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

            DescribeGroupsResponse described = client.call(ApiKey.DESCRIBE_GROUPS,
                    new DescribeGroupsRequest(List.of("g", "nobody")), DescribeGroupsResponse::read);
            DescribeGroupsResponse.DescribedGroup group = described.groups().get(0);
            assertThat(group.state()).isEqualTo("Stable");
            assertThat(group.members()).hasSize(1);
            assertThat(group.offsets().get(0).partitions()).anySatisfy(lag -> {
                assertThat(lag.partition()).isZero();
                assertThat(lag.committedOffset()).isEqualTo(2);
                assertThat(lag.logEndOffset()).isEqualTo(3);
                assertThat(lag.lag()).isEqualTo(1);
            });
            assertThat(described.groups().get(1).errorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);

            ListGroupsResponse listed = client.call(ApiKey.LIST_GROUPS, new ListGroupsRequest(), ListGroupsResponse::read);
            assertThat(listed.groups()).containsExactly(new ListGroupsResponse.ListedGroup("g", "Stable", 1));

            DeleteGroupsResponse refused = client.call(ApiKey.DELETE_GROUPS, new DeleteGroupsRequest(List.of("g")),
                    DeleteGroupsResponse::read);
            assertThat(refused.groups().get(0).errorCode()).isEqualTo(ErrorCode.NON_EMPTY_GROUP);

            client.call(ApiKey.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatRequest("g", joined.memberId(), -1,
                    -1, null, null, null), ConsumerGroupHeartbeatResponse::read);
            DeleteGroupsResponse deleted = client.call(ApiKey.DELETE_GROUPS, new DeleteGroupsRequest(List.of("g")),
                    DeleteGroupsResponse::read);
            assertThat(deleted.groups().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void staleOrUnknownMembersAreRefusedInTheResponseHeader() throws Exception {
        try (NativeClient client = NativeClient.connect(server.port())) {
            NativeClient.Received unknown = client.call(ApiKey.CONSUMER_GROUP_HEARTBEAT,
                    new ConsumerGroupHeartbeatRequest("g", "ghost", 3, 30_000, null, null, null));
            assertThat(unknown.header().errorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);

            ConsumerGroupHeartbeatResponse joined = client.call(ApiKey.CONSUMER_GROUP_HEARTBEAT,
                    new ConsumerGroupHeartbeatRequest("g", null, 0, 30_000, List.of("t"), "range", List.of()),
                    ConsumerGroupHeartbeatResponse::read);
            NativeClient.Received fenced = client.call(ApiKey.CONSUMER_GROUP_HEARTBEAT,
                    new ConsumerGroupHeartbeatRequest("g", joined.memberId(), joined.memberEpoch() + 5, 30_000, null,
                            null, null));
            assertThat(fenced.header().errorCode()).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);

            NativeClient.Received badAssignor = client.call(ApiKey.CONSUMER_GROUP_HEARTBEAT,
                    new ConsumerGroupHeartbeatRequest("h", null, 0, 30_000, List.of("t"), "magic", List.of()));
            assertThat(badAssignor.header().errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_ASSIGNOR);
            assertThat(server.broker().groups().listGroups()).extracting(g -> g.groupId()).doesNotContain("h");

            NativeClient.Received outsider = client.call(ApiKey.OFFSET_COMMIT, new OffsetCommitRequest("g", null, -1,
                    List.of(new OffsetCommitRequest.TopicOffsets("t", List.of(new OffsetCommitRequest.PartitionOffset(0, 1,
                            null))))));
            assertThat(outsider.header().errorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        }
    }
}
