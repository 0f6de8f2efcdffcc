package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classic group member's whole life (join, sync, heartbeat, commit, fetch, describe, list, leave,
 * delete) at every version of JoinGroup, each other API at the matching version a client of that
 * era would pick, over a raw socket with kafka-clients' own message classes.
 */
class KafkaGroupProtocolVersionsIntegrationTest {
    private static final byte[] METADATA = {0, 1, 2};
    private static final byte[] ASSIGNMENT = {9, 8, 7};

    @TempDir
    Path dir;
    BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build());
        server.broker().createTopic(NewTopic.of("t", 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMembersLifeInEveryVersion() throws Exception {
        try (KafkaWireClient client = new KafkaWireClient(server.kafkaAddress())) {
            for (short v = 0; v <= ApiKeys.JOIN_GROUP.latestVersion(); v++) {
                lifeAt(client, v, "group-v" + v);
            }
        }
    }

    private void lifeAt(KafkaWireClient client, short joinVersion, String group) throws Exception {
        String at = "JoinGroup v" + joinVersion;
        JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(group).setSessionTimeoutMs(10_000)
                .setMemberId("").setProtocolType("consumer")
                .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(
                        new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(METADATA))
                        .iterator()));
        if (joinVersion >= 1) {
            join.setRebalanceTimeoutMs(10_000);
        }
        JoinGroupResponseData joined = (JoinGroupResponseData) client.send(join, joinVersion);
        if (joinVersion >= 4) {
            // KIP-394: the first join only hands out a member id.
            assertThat(joined.errorCode()).as(at).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
            joined = (JoinGroupResponseData) client.send(join.setMemberId(joined.memberId()), joinVersion);
        }
        assertThat(joined.errorCode()).as(at).isZero();
        String memberId = joined.memberId();
        assertThat(joined.leader()).as(at).isEqualTo(memberId);
        assertThat(joined.members()).as(at).hasSize(1);
        assertThat(joined.members().get(0).metadata()).isEqualTo(METADATA);
        if (joinVersion >= 7) {
            assertThat(joined.protocolName()).isEqualTo("range");
        }
        int generation = joined.generationId();

        short syncVersion = (short) Math.min(joinVersion, ApiKeys.SYNC_GROUP.latestVersion());
        SyncGroupRequestData sync = new SyncGroupRequestData().setGroupId(group).setGenerationId(generation)
                .setMemberId(memberId).setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                        .setMemberId(memberId).setAssignment(ASSIGNMENT)));
        if (syncVersion >= 5) {
            sync.setProtocolType("consumer").setProtocolName("range");
        }
        SyncGroupResponseData synced = (SyncGroupResponseData) client.send(sync, syncVersion);
        assertThat(synced.errorCode()).as("SyncGroup v%d", syncVersion).isZero();
        assertThat(synced.assignment()).isEqualTo(ASSIGNMENT);

        short heartbeatVersion = (short) Math.min(joinVersion, ApiKeys.HEARTBEAT.latestVersion());
        HeartbeatResponseData beat = (HeartbeatResponseData) client.send(new HeartbeatRequestData().setGroupId(group)
                .setGenerationId(generation).setMemberId(memberId), heartbeatVersion);
        assertThat(beat.errorCode()).as("Heartbeat v%d", heartbeatVersion).isZero();

        short commitVersion = (short) Math.max(ApiKeys.OFFSET_COMMIT.oldestVersion(), Math.min(joinVersion + 1, 9));
        OffsetCommitResponseData committed = (OffsetCommitResponseData) client.send(new OffsetCommitRequestData()
                .setGroupId(group).setGenerationIdOrMemberEpoch(generation).setMemberId(memberId)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(42).setCommittedMetadata("m"))))),
                commitVersion);
        assertThat(committed.topics().get(0).partitions().get(0).errorCode()).as("OffsetCommit v%d", commitVersion)
                .isZero();

        short fetchVersion = (short) Math.max(ApiKeys.OFFSET_FETCH.oldestVersion(), Math.min(joinVersion + 1, 9));
        long offset;
        if (fetchVersion < 8) {
            OffsetFetchResponseData fetched = (OffsetFetchResponseData) client.send(new OffsetFetchRequestData()
                    .setGroupId(group).setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                            .setName("t").setPartitionIndexes(List.of(0)))), fetchVersion);
            offset = fetched.topics().get(0).partitions().get(0).committedOffset();
        } else {
            OffsetFetchResponseData fetched = (OffsetFetchResponseData) client.send(new OffsetFetchRequestData()
                    .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
                            .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("t")
                                    .setPartitionIndexes(List.of(0)))))), fetchVersion);
            offset = fetched.groups().get(0).topics().get(0).partitions().get(0).committedOffset();
        }
        assertThat(offset).as("OffsetFetch v%d", fetchVersion).isEqualTo(42);

        short describeVersion = (short) Math.min(joinVersion, ApiKeys.DESCRIBE_GROUPS.latestVersion());
        DescribeGroupsResponseData described = (DescribeGroupsResponseData) client.send(new DescribeGroupsRequestData()
                .setGroups(List.of(group)), describeVersion);
        DescribeGroupsResponseData.DescribedGroup describedGroup = described.groups().get(0);
        assertThat(describedGroup.groupState()).as("DescribeGroups v%d", describeVersion).isEqualTo("Stable");
        assertThat(describedGroup.protocolData()).isEqualTo("range");
        assertThat(describedGroup.members()).hasSize(1);
        assertThat(describedGroup.members().get(0).memberAssignment()).isEqualTo(ASSIGNMENT);

        short listVersion = (short) Math.min(joinVersion, ApiKeys.LIST_GROUPS.latestVersion());
        ListGroupsResponseData listed = (ListGroupsResponseData) client.send(new ListGroupsRequestData(), listVersion);
        assertThat(listed.groups()).as("ListGroups v%d", listVersion)
                .anySatisfy(g -> assertThat(g.groupId()).isEqualTo(group));

        short leaveVersion = (short) Math.min(joinVersion, ApiKeys.LEAVE_GROUP.latestVersion());
        LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(group);
        if (leaveVersion < 3) {
            leave.setMemberId(memberId);
        } else {
            leave.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId)));
        }
        LeaveGroupResponseData left = (LeaveGroupResponseData) client.send(leave, leaveVersion);
        assertThat(left.errorCode()).as("LeaveGroup v%d", leaveVersion).isZero();
        if (leaveVersion >= 3) {
            assertThat(left.members().get(0).errorCode()).isZero();
        }
        LeaveGroupResponseData again = (LeaveGroupResponseData) client.send(leave, leaveVersion);
        short unknown = leaveVersion < 3 ? again.errorCode() : again.members().get(0).errorCode();
        assertThat(unknown).as("LeaveGroup v%d of a member already gone", leaveVersion)
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());

        short deleteVersion = (short) Math.min(joinVersion, ApiKeys.DELETE_GROUPS.latestVersion());
        DeleteGroupsResponseData deleted = (DeleteGroupsResponseData) client.send(new DeleteGroupsRequestData()
                .setGroupsNames(List.of(group)), deleteVersion);
        assertThat(deleted.results().find(group).errorCode()).as("DeleteGroups v%d", deleteVersion).isZero();
    }
}
