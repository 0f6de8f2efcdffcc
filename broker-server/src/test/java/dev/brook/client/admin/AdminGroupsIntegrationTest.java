package dev.brook.client.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.ConsumerGroups;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.GroupIdNotFoundException;
import dev.brook.protocol.errors.NonEmptyGroupException;
import dev.brook.protocol.errors.UnknownMemberIdException;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer-group operations of the Admin client against a real broker on 127.0.0.1. Topic
 * {@code t} has five records in partition 0 and three in partition 1, the record at offset n
 * stamped {@code 1000 * (n + 1)}; group {@code idle} has no members and committed offset 2 in
 * partition 0; group {@code active} has one member, subscribed to {@code t}, and no commits.
 */
class AdminGroupsIntegrationTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    @TempDir
    Path dataDir;

    private BrookServer server;
    private Admin admin;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        admin = Admin.create(AdminConfig.builder().bootstrapServer("127.0.0.1:" + server.port()).build());
        server.broker().createTopic(dev.brook.core.NewTopic.of("t", 2));
        append(T0, 5);
        append(T1, 3);
        server.broker().commitOffsets("idle", Map.of(T0, new OffsetAndMetadata(2, null, System.currentTimeMillis())));
        server.broker().groups().heartbeat(new ConsumerGroups.Heartbeat("active", null, 0, "client", 30000,
                Set.of("t"), null, Set.of()));
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    private void append(TopicPartition tp, int count) {
        for (int i = 0; i < count; i++) {
            server.broker().append(tp, RecordBatchBuilder.allocate(256).append(1000L * (i + 1), null, new byte[1])
                    .build());
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
    void listsGroupsWithTheirStateAndMemberCount() throws Exception {
        List<GroupListing> groups = get(admin.listGroups());

        assertThat(groups).extracting(GroupListing::groupId).containsExactly("active", "idle");
        assertThat(groups.get(0).memberCount()).isEqualTo(1);
        assertThat(groups.get(1)).isEqualTo(new GroupListing("idle", "Empty", 0));
    }

    @Test
    void describesCommittedOffsetsLogEndOffsetsAndLag() throws Exception {
        GroupDescription idle = get(admin.describeGroups(List.of("idle"))).get("idle");

        assertThat(idle.state()).isEqualTo("Empty");
        assertThat(idle.members()).isEmpty();
        assertThat(idle.offsets()).containsExactly(Map.entry(T0, new PartitionLag(2, 5, 3)));
    }

    @Test
    void describesMembersAndTheirAssignedPartitionsWithoutCommits() throws Exception {
        GroupDescription active = get(admin.describeGroups(List.of("active"))).get("active");

        assertThat(active.members()).hasSize(1);
        MemberInfo member = active.members().get(0);
        assertThat(member.clientId()).isEqualTo("client");
        assertThat(member.assignment()).containsExactlyInAnyOrder(T0, T1);
        assertThat(active.owner(T0)).isEqualTo(member);
        assertThat(active.offsets()).containsEntry(T0, new PartitionLag(-1, 5, -1))
                .containsEntry(T1, new PartitionLag(-1, 3, -1));
        assertThat(active.offsets().get(T0).hasCommittedOffset()).isFalse();
    }

    @Test
    void altersAndListsTheOffsetsOfAnEmptyGroup() throws Exception {
        get(admin.alterGroupOffsets("idle", Map.of(T0, 4L, T1, 1L)));

        assertThat(get(admin.listGroupOffsets("idle"))).containsExactly(Map.entry(T0, 4L), Map.entry(T1, 1L));
        assertThat(get(admin.describeGroups(List.of("idle"))).get("idle").offsets().get(T0))
                .isEqualTo(new PartitionLag(4, 5, 1));
        assertThat(get(admin.listGroupOffsets("nobody"))).isEmpty();
    }

    @Test
    void resetsOffsetsToEarliestLatestAndATime() throws Exception {
        Set<TopicPartition> both = Set.of(T0, T1);

        assertThat(get(admin.resetGroupOffsets("idle", both, OffsetSpec.earliest())))
                .containsExactly(Map.entry(T0, 0L), Map.entry(T1, 0L));
        assertThat(get(admin.listGroupOffsets("idle"))).containsExactly(Map.entry(T0, 0L), Map.entry(T1, 0L));

        assertThat(get(admin.resetGroupOffsets("idle", both, OffsetSpec.latest())))
                .containsExactly(Map.entry(T0, 5L), Map.entry(T1, 3L));
        assertThat(get(admin.resetGroupOffsets("idle", both, OffsetSpec.forTimestamp(3500))))
                .as("partition 1 has nothing that late, so it goes to its end")
                .containsExactly(Map.entry(T0, 3L), Map.entry(T1, 3L));
        assertThat(get(admin.listGroupOffsets("idle"))).containsExactly(Map.entry(T0, 3L), Map.entry(T1, 3L));
    }

    @Test
    void resolvingOffsetsCommitsNothing() throws Exception {
        assertThat(get(admin.resolveOffsets(Set.of(T0), OffsetSpec.forTimestamp(1500)))).containsExactly(Map.entry(T0, 1L));

        assertThat(get(admin.listGroupOffsets("idle"))).containsExactly(Map.entry(T0, 2L));
    }

    @Test
    void offsetsOfAGroupWithMembersCannotBeAlteredFromOutside() throws Exception {
        assertThat(failureOf(admin.alterGroupOffsets("active", Map.of(T0, 1L))))
                .isInstanceOf(UnknownMemberIdException.class).hasMessageContaining("active");
        assertThat(failureOf(admin.resetGroupOffsets("active", Set.of(T0), OffsetSpec.earliest())))
                .isInstanceOf(UnknownMemberIdException.class);

        assertThat(get(admin.listGroupOffsets("active"))).isEmpty();
    }

    @Test
    void deletesEmptyGroupsOnly() throws Exception {
        assertThat(failureOf(admin.deleteGroups(List.of("active"))))
                .isInstanceOf(NonEmptyGroupException.class).hasMessageContaining("active");

        get(admin.deleteGroups(List.of("idle")));

        assertThat(get(admin.listGroups())).extracting(GroupListing::groupId).containsExactly("active");
        assertThat(get(admin.listGroupOffsets("idle"))).isEmpty();
    }

    @Test
    void unknownGroupsCannotBeDescribedOrDeleted() {
        assertThat(failureOf(admin.describeGroups(List.of("nobody"))))
                .isInstanceOf(GroupIdNotFoundException.class).hasMessageContaining("nobody");
        assertThat(failureOf(admin.deleteGroups(List.of("nobody"))))
                .isInstanceOf(GroupIdNotFoundException.class).hasMessageContaining("nobody");
    }

    @Test
    void deletingSeveralGroupsFailsWithTheFirstRefusalButDeletesTheRest() throws Exception {
        assertThat(failureOf(admin.deleteGroups(List.of("nobody", "active", "idle"))))
                .isInstanceOf(GroupIdNotFoundException.class);

        assertThat(get(admin.listGroups())).extracting(GroupListing::groupId).containsExactly("active");
    }
}
