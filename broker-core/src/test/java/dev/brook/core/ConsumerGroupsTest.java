package dev.brook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brook.core.ConsumerGroups.Heartbeat;
import dev.brook.core.ConsumerGroups.HeartbeatResult;
import dev.brook.core.testing.MutableClock;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.FencedMemberEpochException;
import dev.brook.protocol.errors.InvalidRequestException;
import dev.brook.protocol.errors.GroupIdNotFoundException;
import dev.brook.protocol.errors.InvalidGroupIdException;
import dev.brook.protocol.errors.NonEmptyGroupException;
import dev.brook.protocol.errors.UnknownMemberIdException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group coordinator through the embedded broker, with members simulated as a client would behave. */
class ConsumerGroupsTest {
    private static final int SESSION_TIMEOUT_MS = 10_000;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private Broker broker;
    private ConsumerGroups groups;

    @BeforeEach
    void open() {
        broker = Broker.open(BrokerConfig.builder(dataDir).clock(clock).groupHeartbeatIntervalMs(500)
                .groupSessionTimeoutMs(SESSION_TIMEOUT_MS).build());
        broker.createTopic(NewTopic.of("t", 6));
        groups = broker.groups();
    }

    @AfterEach
    void close() {
        broker.close();
    }

    /** A member as a well-behaved client runs it: it owns what it was last told, and says so. */
    private class Member {
        final String group;
        final Set<String> topics;
        String id;
        int epoch = Heartbeat.JOIN;
        Set<TopicPartition> owned = new TreeSet<>();

        Member(String group, String... topics) {
            this.group = group;
            this.topics = Set.of(topics);
        }

        Member heartbeat() {
            HeartbeatResult result = groups.heartbeat(new Heartbeat(group, id, epoch, "client-" + id, 30_000, topics,
                    null, Set.copyOf(owned)));
            id = result.memberId();
            epoch = result.memberEpoch();
            owned = new TreeSet<>(result.assignment());
            return this;
        }

        void leave() {
            groups.heartbeat(new Heartbeat(group, id, Heartbeat.LEAVE, null, 0, null, null, null));
        }
    }

    /** Heartbeats every member in turn until nothing changes, checking that no partition has two owners. */
    private void settle(List<Member> members) {
        for (int round = 0; round < 20; round++) {
            for (Member member : members) {
                member.heartbeat();
                Set<TopicPartition> seen = new HashSet<>();
                for (Member m : members) {
                    for (TopicPartition tp : m.owned) {
                        assertThat(seen.add(tp)).as("%s owned twice", tp).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void threeMembersOverSixPartitionsEachGetTwoAndNeverShare() {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(new Member("g", "t").heartbeat());
            settle(members);
        }
        assertThat(members).allSatisfy(m -> assertThat(m.owned).hasSize(2));
        assertThat(groups.describeGroup("g").state()).isEqualTo("Stable");
        assertThat(groups.describeGroup("g").members()).hasSize(3);
    }

    @Test
    void aMemberThatLeavesHasItsPartitionsMovedToTheOthers() {
        List<Member> members = new ArrayList<>(List.of(new Member("g", "t").heartbeat(), new Member("g", "t").heartbeat(),
                new Member("g", "t").heartbeat()));
        settle(members);
        Member leaving = members.remove(0);
        leaving.leave();
        settle(members);

        assertThat(members).allSatisfy(m -> assertThat(m.owned).hasSize(3));
        Set<TopicPartition> all = new TreeSet<>();
        members.forEach(m -> all.addAll(m.owned));
        assertThat(all).hasSize(6);
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAfterTheSessionTimeoutAndCannotCommit() {
        Member alive = new Member("g", "t").heartbeat();
        Member zombie = new Member("g", "t").heartbeat();
        settle(List.of(alive, zombie));
        assertThat(zombie.owned).hasSize(3);

        clock.advance(Duration.ofMillis(SESSION_TIMEOUT_MS / 2));
        alive.heartbeat();
        clock.advance(Duration.ofMillis(SESSION_TIMEOUT_MS / 2 + 1));
        alive.heartbeat();
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.describeGroup("g").members().size() == 1);
        settle(List.of(alive));
        assertThat(alive.owned).hasSize(6);

        TopicPartition mine = zombie.owned.iterator().next();
        assertThatThrownBy(() -> groups.commitOffsets("g", zombie.id, zombie.epoch,
                Map.of(mine, new OffsetAndMetadata(10, null, 0))))
                .isInstanceOf(UnknownMemberIdException.class).hasMessageContaining(zombie.id);
        assertThatThrownBy(zombie::heartbeat).isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void aStaleEpochIsFenced() {
        Member member = new Member("g", "t").heartbeat();
        int stale = member.epoch;
        Member other = new Member("g", "t").heartbeat();
        settle(List.of(member, other));
        assertThat(member.epoch).isGreaterThan(stale);

        assertThatThrownBy(() -> groups.heartbeat(new Heartbeat("g", member.id, stale, "c", 30_000, null, null, null)))
                .isInstanceOf(FencedMemberEpochException.class);
        assertThatThrownBy(() -> groups.commitOffsets("g", member.id, member.epoch + 7,
                Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(1, null, 0))))
                .isInstanceOf(FencedMemberEpochException.class);
        assertThatThrownBy(() -> groups.commitOffsets("g", member.id, stale,
                Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(1, null, 0))))
                .isInstanceOf(dev.brook.protocol.errors.IllegalGenerationException.class);
        groups.commitOffsets("g", member.id, member.epoch,
                Map.of(member.owned.iterator().next(), new OffsetAndMetadata(5, null, 0)));
        assertThat(groups.committedOffsets("g", null)).hasSize(1);
    }

    @Test
    void aRejoinRaisesTheEpochEvenWhenNothingCanBeGrantedYet() {
        Member a = new Member("g", "t").heartbeat();
        assertThat(a.owned).hasSize(6);
        // b joins: its share is still held by a until a heartbeats again, so b is granted nothing.
        Member b = new Member("g", "t").heartbeat();
        assertThat(b.owned).isEmpty();
        int before = b.epoch;

        // b rejoins under its id (a client restarting without a clean leave) before a lets go.
        HeartbeatResult rejoin = groups.heartbeat(new Heartbeat("g", b.id, Heartbeat.JOIN, "c", 30_000, Set.of("t"),
                null, Set.of()));

        assertThat(rejoin.assignment()).isEmpty();
        assertThat(rejoin.memberEpoch()).isGreaterThan(before);
        assertThatThrownBy(() -> groups.heartbeat(new Heartbeat("g", b.id, before, "c", 30_000, null, null,
                Set.of()))).isInstanceOf(FencedMemberEpochException.class);
        assertThatThrownBy(() -> groups.commitOffsets("g", b.id, before,
                Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(1, null, 0))))
                .isInstanceOf(dev.brook.protocol.errors.IllegalGenerationException.class);
    }

    @Test
    void aJoinWithoutSubscriptionOrAnEpochBelowMinusOneIsAnInvalidRequest() {
        assertThatThrownBy(() -> groups.heartbeat(new Heartbeat("g", null, Heartbeat.JOIN, "c", 30_000, null, null,
                null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("subscribedTopicNames");
        assertThatThrownBy(() -> groups.heartbeat(new Heartbeat("g", "m", -3, "c", 30_000, Set.of("t"), null,
                null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("-3");
        assertThat(groups.listGroups()).isEmpty();
    }

    @Test
    void aPartitionBeingRevokedThatComesBackToItsOwnerIsNotLeftInLimbo() {
        Member owner = new Member("g", "t").heartbeat();
        settle(List.of(owner));
        Set<TopicPartition> all = Set.copyOf(owner.owned);
        Member newcomer = new Member("g", "t").heartbeat();
        // The owner is told to give up half, but is busy and keeps reporting everything it had.
        HeartbeatResult told = groups.heartbeat(new Heartbeat("g", owner.id, owner.epoch, "c", 30_000, null, null, all));
        assertThat(told.assignment()).hasSize(3);
        newcomer.leave();

        HeartbeatResult back = groups.heartbeat(new Heartbeat("g", owner.id, told.memberEpoch(), "c", 30_000, null, null,
                all));

        assertThat(back.assignment()).isEqualTo(all);
        assertThat(groups.describeGroup("g").state()).isEqualTo("Stable");
    }

    @Test
    void membersAskingForDifferentAssignorsStillSettle() {
        Member range = new Member("g", "t") {
            @Override
            Member heartbeat() {
                HeartbeatResult result = groups.heartbeat(new Heartbeat(group, id, epoch, "c", 30_000, topics, "range",
                        Set.copyOf(owned)));
                id = result.memberId();
                epoch = result.memberEpoch();
                owned = new TreeSet<>(result.assignment());
                return this;
            }
        }.heartbeat();
        Member uniform = new Member("g", "t").heartbeat();
        settle(List.of(range, uniform));
        int rangeEpoch = range.epoch;
        int uniformEpoch = uniform.epoch;
        settle(List.of(range, uniform));

        assertThat(range.epoch).isEqualTo(rangeEpoch);
        assertThat(uniform.epoch).isEqualTo(uniformEpoch);
        assertThat(groups.describeGroup("g").state()).isEqualTo("Stable");
    }

    @Test
    void aTopicThatGainsPartitionsIsRebalanced() {
        Member a = new Member("g", "t").heartbeat();
        Member b = new Member("g", "t").heartbeat();
        settle(List.of(a, b));
        broker.createPartitions("t", 10);
        settle(List.of(a, b));
        assertThat(a.owned).hasSize(5);
        assertThat(b.owned).hasSize(5);
    }

    @Test
    void twoGroupsEachGetEveryPartition() {
        Member a = new Member("first", "t").heartbeat();
        Member b = new Member("second", "t").heartbeat();
        settle(List.of(a));
        settle(List.of(b));
        assertThat(a.owned).hasSize(6);
        assertThat(b.owned).hasSize(6);
    }

    @Test
    void groupsAreListedDescribedAndDeletedOnlyWhenEmpty() {
        Member member = new Member("live", "t").heartbeat();
        broker.commitOffsets("idle", Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(3, null, 0)));

        assertThat(groups.listGroups()).extracting(ConsumerGroups.GroupListing::groupId).containsExactly("idle", "live");
        assertThat(groups.describeGroup("idle").state()).isEqualTo("Empty");
        assertThat(groups.describeGroup("idle").committedOffsets()).containsKey(new TopicPartition("t", 0));
        assertThatThrownBy(() -> groups.deleteGroup("live")).isInstanceOf(NonEmptyGroupException.class);
        assertThatThrownBy(() -> broker.commitOffsets("live", Map.of(new TopicPartition("t", 0),
                new OffsetAndMetadata(1, null, 0)))).isInstanceOf(UnknownMemberIdException.class);

        groups.deleteGroup("idle");
        assertThatThrownBy(() -> groups.describeGroup("idle")).isInstanceOf(GroupIdNotFoundException.class);
        assertThatThrownBy(() -> groups.deleteGroup("idle")).isInstanceOf(GroupIdNotFoundException.class);
        assertThatThrownBy(() -> groups.heartbeat(new Heartbeat("", null, 0, "c", 0, Set.of("t"), null, null)))
                .isInstanceOf(InvalidGroupIdException.class);
        member.leave();
        assertThat(groups.listGroups()).isEmpty();
    }
}
