package dev.brook.core.internal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import dev.brook.core.ClassicGroups;
import dev.brook.core.ClassicGroups.JoinRequest;
import dev.brook.core.ClassicGroups.JoinResult;
import dev.brook.core.ClassicGroups.JoinedMember;
import dev.brook.core.ClassicGroups.MemberIdentity;
import dev.brook.core.ClassicGroups.Protocol;
import dev.brook.core.ClassicGroups.SyncRequest;
import dev.brook.core.ClassicGroups.SyncResult;
import dev.brook.core.ConsumerGroups;
import dev.brook.core.ConsumerGroups.GroupDescription;
import dev.brook.core.ConsumerGroups.GroupListing;
import dev.brook.core.ConsumerGroups.Heartbeat;
import dev.brook.core.NewTopic;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.core.testing.MutableClock;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.InconsistentGroupProtocolException;
import dev.brook.protocol.errors.NonEmptyGroupException;
import dev.brook.protocol.errors.UnknownMemberIdException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic group coordinator through the embedded broker, with members played as Kafka's
 * classic consumer plays them. Time is a manual clock; the deadlines are checked by calling the
 * broker's periodic check directly.
 */
class ClassicGroupCoordinatorTest {
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int REBALANCE_TIMEOUT_MS = 30_000;
    private static final byte[] NONE = new byte[0];
    /** The initial rebalance delay of tests whose groups form with several members. */
    private static final int DELAY_MS = 1_000;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private Broker broker;
    private ClassicGroups classic;
    private ConsumerGroups groups;

    private void open(int initialRebalanceDelayMs) {
        open(b -> b.groupInitialRebalanceDelayMs(initialRebalanceDelayMs));
    }

    private void open(Consumer<BrokerConfig.Builder> settings) {
        BrokerConfig.Builder builder = BrokerConfig.builder(dataDir).clock(clock);
        settings.accept(builder);
        broker = Broker.open(builder.build());
        broker.createTopic(NewTopic.of("t", 4));
        broker.createTopic(NewTopic.of("other", 1));
        classic = broker.classicGroups();
        groups = broker.groups();
    }

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Moves time and runs the check the broker runs periodically. */
    private void advance(long ms) {
        clock.advance(Duration.ofMillis(ms));
        ((GroupCoordinator) groups).expireMembers();
    }

    private static <T> T done(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /** Kafka's consumer protocol subscription, version 0, as a classic consumer sends it. */
    private static byte[] subscription(String... topics) {
        int size = 2 + 4 + 4;
        for (String topic : topics) {
            size += 2 + topic.length();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putShort((short) 0).putInt(topics.length);
        for (String topic : topics) {
            buffer.putShort((short) topic.length()).put(topic.getBytes(StandardCharsets.UTF_8));
        }
        return buffer.putInt(-1).array();
    }

    private static JoinRequest join(String memberId, String instanceId, String clientId, List<Protocol> protocols,
            boolean requireKnownMemberId) {
        return new JoinRequest("g", memberId, instanceId, clientId, "/127.0.0.1", SESSION_TIMEOUT_MS,
                REBALANCE_TIMEOUT_MS, "consumer", protocols, requireKnownMemberId, null);
    }

    private static List<Protocol> range(byte[] metadata) {
        return List.of(new Protocol("range", metadata));
    }

    /** A member as a classic consumer runs it: member id, generation, assignment. */
    private class Member {
        final String clientId;
        final String instanceId;
        List<Protocol> protocols = range(subscription("t"));
        String id = ClassicGroups.NEW_MEMBER_ID;
        int generation = ClassicGroups.NO_GENERATION;
        JoinResult joined;
        byte[] assignment;

        Member(String clientId) {
            this(clientId, null);
        }

        Member(String clientId, String instanceId) {
            this.clientId = clientId;
            this.instanceId = instanceId;
        }

        CompletableFuture<JoinResult> startJoin() {
            return classic.join(join(id, instanceId, clientId, protocols, false)).thenApply(this::took);
        }

        JoinResult took(JoinResult result) {
            joined = result;
            if (result.error() == ErrorCode.NONE) {
                id = result.memberId();
                generation = result.generationId();
            }
            return result;
        }

        boolean isLeader() {
            return joined.leaderId().equals(id);
        }

        CompletableFuture<SyncResult> startSync(Map<String, byte[]> assignments) {
            return classic.sync(new SyncRequest("g", generation, id, instanceId, "consumer", joined.protocolName(),
                    assignments)).thenApply(result -> {
                        assignment = result.assignment();
                        return result;
                    });
        }

        ErrorCode heartbeat() {
            return classic.heartbeat("g", generation, id, instanceId);
        }
    }

    /** The leader's assignment: each member gets its own member id as bytes, so tests can tell them apart. */
    private static Map<String, byte[]> assignEachItsId(List<JoinedMember> members) {
        Map<String, byte[]> assignments = new HashMap<>();
        members.forEach(m -> assignments.put(m.memberId(), m.memberId().getBytes(StandardCharsets.UTF_8)));
        return assignments;
    }

    /**
     * Joins and syncs the members until the group is stable; a group forming from empty waits out
     * the initial delay, extended once for the members that came after the first.
     */
    private void rebalance(List<Member> members) {
        List<CompletableFuture<JoinResult>> joins = members.stream().map(Member::startJoin).toList();
        for (int round = 0; round < 3 && !joins.stream().allMatch(CompletableFuture::isDone); round++) {
            advance(DELAY_MS);
        }
        joins.forEach(ClassicGroupCoordinatorTest::done);
        Member leader = members.stream().filter(Member::isLeader).findFirst().orElseThrow();
        List<CompletableFuture<SyncResult>> syncs = members.stream().filter(m -> m != leader)
                .map(m -> m.startSync(Map.of())).toList();
        done(leader.startSync(assignEachItsId(leader.joined.members())));
        syncs.forEach(ClassicGroupCoordinatorTest::done);
    }

    @Test
    void oneMemberJoinsSyncsAndTheGroupIsStable() {
        open(0);
        Member member = new Member("c1");

        JoinResult joined = done(member.startJoin());

        assertThat(joined.error()).isEqualTo(ErrorCode.NONE);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.protocolType()).isEqualTo("consumer");
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.memberId()).startsWith("c1-");
        assertThat(joined.leaderId()).isEqualTo(joined.memberId());
        assertThat(joined.members()).extracting(JoinedMember::memberId).containsExactly(joined.memberId());
        assertThat(groups.describeGroup("g").state()).isEqualTo("CompletingRebalance");

        SyncResult synced = done(member.startSync(Map.of(member.id, new byte[] {7})));

        assertThat(synced.error()).isEqualTo(ErrorCode.NONE);
        assertThat(synced.assignment()).containsExactly(7);
        assertThat(synced.protocolName()).isEqualTo("range");
        assertThat(member.heartbeat()).isEqualTo(ErrorCode.NONE);
        assertThat(groups.describeGroup("g").state()).isEqualTo("Stable");
    }

    @Test
    void threeMembersJoiningTogetherFormOneGenerationWhoseLeaderAssignsToAll() {
        open(3_000);
        List<Member> members = List.of(new Member("a"), new Member("b"), new Member("c"));
        members.get(0).protocols = List.of(new Protocol("range", subscription("t")),
                new Protocol("roundrobin", subscription("t")));
        members.get(1).protocols = List.of(new Protocol("roundrobin", subscription("t")),
                new Protocol("range", subscription("t")));
        members.get(2).protocols = members.get(1).protocols;

        List<CompletableFuture<JoinResult>> joins = members.stream().map(Member::startJoin).toList();
        // The initial delay waits for more members, and each one that arrives extends it.
        advance(3_000);
        assertThat(joins).allSatisfy(join -> assertThat(join).isNotDone());
        advance(3_000);

        joins.forEach(ClassicGroupCoordinatorTest::done);
        Member leader = members.get(0);
        assertThat(members).allSatisfy(m -> {
            assertThat(m.joined.generationId()).isEqualTo(1);
            assertThat(m.joined.leaderId()).isEqualTo(leader.id);
            // Two of three prefer roundrobin, which all support.
            assertThat(m.joined.protocolName()).isEqualTo("roundrobin");
        });
        assertThat(leader.joined.members()).extracting(JoinedMember::memberId)
                .containsExactly(members.get(0).id, members.get(1).id, members.get(2).id);
        assertThat(leader.joined.members()).allSatisfy(m -> assertThat(m.metadata()).isEqualTo(subscription("t")));
        assertThat(members.get(1).joined.members()).isEmpty();

        CompletableFuture<SyncResult> b = members.get(1).startSync(Map.of());
        CompletableFuture<SyncResult> c = members.get(2).startSync(Map.of());
        assertThat(b).isNotDone();
        done(leader.startSync(assignEachItsId(leader.joined.members())));

        assertThat(members).allSatisfy(m -> assertThat(new String(m.assignment, StandardCharsets.UTF_8)).isEqualTo(m.id));
        assertThat(done(b).error()).isEqualTo(ErrorCode.NONE);
        assertThat(done(c).error()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void aNewMemberStartsARebalanceAndHeartbeatsSayRebalanceInProgressUntilTheOthersJoinAgain() {
        open(0);
        Member first = new Member("a");
        rebalance(List.of(first));

        Member second = new Member("b");
        CompletableFuture<JoinResult> secondJoin = second.startJoin();

        assertThat(secondJoin).isNotDone();
        assertThat(groups.describeGroup("g").state()).isEqualTo("PreparingRebalance");
        assertThat(first.heartbeat()).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        assertThat(first.heartbeat()).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        // Its old generation still commits, as a consumer does when its partitions are revoked.
        assertThat(classic.commitOffsets("g", first.generation, first.id, null,
                Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(5, null, 0))))
                .containsEntry(new TopicPartition("t", 0), ErrorCode.NONE);

        JoinResult firstAgain = done(first.startJoin());

        assertThat(done(secondJoin).generationId()).isEqualTo(2);
        assertThat(firstAgain.generationId()).isEqualTo(2);
        assertThat(firstAgain.members()).hasSize(2);
        assertThat(second.heartbeat()).isEqualTo(ErrorCode.NONE);
        assertThat(classic.heartbeat("g", 1, first.id, null)).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
    }

    @Test
    void aMemberThatDoesNotJoinAgainIsRemovedAfterTheRebalanceTimeout() {
        open(DELAY_MS);
        Member stays = new Member("a");
        Member stuck = new Member("b");
        rebalance(List.of(stays, stuck));

        Member third = new Member("c");
        CompletableFuture<JoinResult> thirdJoin = third.startJoin();
        CompletableFuture<JoinResult> staysJoin = stays.startJoin();
        // Its heartbeats keep it alive, but it does not join (a consumer stuck in processing).
        for (int i = 0; i < 5; i++) {
            advance(5_000);
            assertThat(stuck.heartbeat()).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        }
        advance(4_999);
        assertThat(thirdJoin).isNotDone();

        advance(1);

        assertThat(done(thirdJoin).generationId()).isEqualTo(2);
        assertThat(done(staysJoin).members()).extracting(JoinedMember::memberId).containsExactly(stays.id, third.id);
        assertThat(stuck.heartbeat()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(groups.describeGroup("g").members()).hasSize(2);
    }

    @Test
    void aMemberWhoseSessionExpiresIsRemovedAndTheOthersRebalance() {
        open(DELAY_MS);
        Member alive = new Member("a");
        Member dies = new Member("b");
        rebalance(List.of(alive, dies));

        advance(SESSION_TIMEOUT_MS / 2);
        assertThat(alive.heartbeat()).isEqualTo(ErrorCode.NONE);
        advance(SESSION_TIMEOUT_MS / 2 + 1);

        assertThat(groups.describeGroup("g").members()).extracting(ConsumerGroups.MemberDescription::memberId)
                .containsExactly(alive.id);
        assertThat(alive.heartbeat()).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        assertThat(dies.heartbeat()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        rebalance(List.of(alive));
        assertThat(alive.generation).isEqualTo(2);
    }

    @Test
    void aLeaderThatDoesNotSyncWithinTheRebalanceTimeoutIsRemovedAndTheFollowersRebalance() {
        open(0);
        Member leader = new Member("a");
        rebalance(List.of(leader));
        Member follower = new Member("b");
        CompletableFuture<JoinResult> followerJoin = follower.startJoin();
        done(leader.startJoin());
        done(followerJoin);
        CompletableFuture<SyncResult> followerSync = follower.startSync(Map.of());

        for (int i = 0; i < 5; i++) {
            advance(5_000);
            // Between its join and its sync a member heartbeats normally.
            assertThat(leader.heartbeat()).isEqualTo(ErrorCode.NONE);
        }
        assertThat(followerSync).isNotDone();
        advance(5_000);

        assertThat(done(followerSync).error()).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        assertThat(leader.heartbeat()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(done(follower.startJoin()).leaderId()).isEqualTo(follower.id);
    }

    @Test
    void leaveRemovesMembersAndTheLastToLeaveEmptiesTheGroup() {
        open(DELAY_MS);
        Member a = new Member("a");
        Member b = new Member("b");
        rebalance(List.of(a, b));

        ClassicGroups.LeaveResult left = classic.leave("g", List.of(new MemberIdentity(b.id, null),
                new MemberIdentity("nobody", null)));

        assertThat(left.error()).isEqualTo(ErrorCode.NONE);
        assertThat(left.members()).extracting(ClassicGroups.MemberLeaveResult::error)
                .containsExactly(ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(a.heartbeat()).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        rebalance(List.of(a));

        classic.leave("g", List.of(new MemberIdentity(a.id, null)));

        assertThat(groups.listGroups()).extracting(GroupListing::groupId).doesNotContain("g");
        assertThat(a.heartbeat()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aFirstJoinThatRequiresAKnownMemberIdGetsOneAndJoinsWithIt() {
        open(0);
        JoinResult required = done(classic.join(join("", null, "c1", range(subscription("t")), true)));

        assertThat(required.error()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED);
        assertThat(required.memberId()).startsWith("c1-");
        assertThat(required.generationId()).isEqualTo(ClassicGroups.NO_GENERATION);

        JoinResult joined = done(classic.join(join(required.memberId(), null, "c1", range(subscription("t")), true)));

        assertThat(joined.error()).isEqualTo(ErrorCode.NONE);
        assertThat(joined.memberId()).isEqualTo(required.memberId());
        assertThat(joined.generationId()).isEqualTo(1);
    }

    @Test
    void aPendingMemberThatNeverJoinsExpiresAndNoLongerHoldsUpTheRebalance() {
        open(0);
        Member first = new Member("a");
        rebalance(List.of(first));
        JoinResult pending = done(classic.join(join("", null, "c2", range(subscription("t")), true)));
        CompletableFuture<JoinResult> firstJoin = first.startJoin();
        assertThat(firstJoin).isNotDone();

        advance(SESSION_TIMEOUT_MS);

        assertThat(done(firstJoin).members()).extracting(JoinedMember::memberId).containsExactly(first.id);
        JoinResult late = done(classic.join(join(pending.memberId(), null, "c2", range(subscription("t")), true)));
        assertThat(late.error()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void joinsThatDoNotMatchTheGroupsProtocolsOrTheBrokersLimitsAreRefused() {
        open(0);
        rebalance(List.of(new Member("a")));

        JoinRequest otherType = new JoinRequest("g", "", null, "x", "h", SESSION_TIMEOUT_MS, REBALANCE_TIMEOUT_MS,
                "connect", range(NONE), false, null);
        JoinRequest otherProtocol = join("", null, "x", List.of(new Protocol("sticky", NONE)), false);
        JoinRequest shortSession = new JoinRequest("g", "", null, "x", "h", 5_999, REBALANCE_TIMEOUT_MS, "consumer",
                range(NONE), false, null);
        JoinRequest noGroup = new JoinRequest("", "", null, "x", "h", SESSION_TIMEOUT_MS, REBALANCE_TIMEOUT_MS,
                "consumer", range(NONE), false, null);

        assertThat(done(classic.join(otherType)).error()).isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(done(classic.join(otherProtocol)).error()).isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(done(classic.join(shortSession)).error()).isEqualTo(ErrorCode.INVALID_SESSION_TIMEOUT);
        assertThat(done(classic.join(noGroup)).error()).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        assertThat(done(classic.join(join("ghost", null, "x", range(NONE), false))).error())
                .isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(groups.describeGroup("g").members()).hasSize(1);
    }

    @Test
    void aGroupAtItsMaximumSizeRefusesNewMembers() {
        open(b -> b.groupInitialRebalanceDelayMs(0).groupMaxSize(1));
        rebalance(List.of(new Member("a")));

        assertThat(done(new Member("b").startJoin()).error()).isEqualTo(ErrorCode.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void aStaticMemberThatRestartsKeepsItsAssignmentWithoutARebalanceAndFencesItsOldId() {
        open(DELAY_MS);
        Member leader = new Member("a", "instance-a");
        Member follower = new Member("b", "instance-b");
        rebalance(List.of(leader, follower));
        String oldId = follower.id;
        byte[] oldAssignment = follower.assignment;

        Member restarted = new Member("b", "instance-b");
        JoinResult rejoined = done(restarted.startJoin());

        assertThat(rejoined.error()).isEqualTo(ErrorCode.NONE);
        assertThat(rejoined.memberId()).isNotEqualTo(oldId);
        assertThat(rejoined.generationId()).isEqualTo(1);
        assertThat(groups.describeGroup("g").state()).isEqualTo("Stable");
        assertThat(done(restarted.startSync(Map.of())).assignment()).isEqualTo(oldAssignment);
        assertThat(classic.heartbeat("g", 1, oldId, "instance-b")).isEqualTo(ErrorCode.FENCED_INSTANCE_ID);
        assertThat(leader.heartbeat()).isEqualTo(ErrorCode.NONE);
        assertThat(classic.commitOffsets("g", 1, oldId, "instance-b",
                Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(1, null, 0))))
                .containsEntry(new TopicPartition("t", 0), ErrorCode.FENCED_INSTANCE_ID);

        Member leaderRestarted = new Member("a", "instance-a");
        JoinResult leaderRejoined = done(leaderRestarted.startJoin());

        assertThat(leaderRejoined.skipAssignment()).isTrue();
        assertThat(leaderRejoined.leaderId()).isEqualTo(leaderRejoined.memberId());
        assertThat(leaderRejoined.members()).hasSize(2);
        assertThat(groups.describeGroup("g").state()).isEqualTo("Stable");
    }

    @Test
    void aStaticMemberThatRestartsWithNewMetadataStartsARebalance() {
        open(0);
        Member member = new Member("a", "instance-a");
        rebalance(List.of(member));

        Member restarted = new Member("a", "instance-a");
        restarted.protocols = range(subscription("t", "other"));
        JoinResult rejoined = done(restarted.startJoin());

        assertThat(rejoined.generationId()).isEqualTo(2);
        assertThat(rejoined.leaderId()).isEqualTo(rejoined.memberId());
    }

    @Test
    void commitsAreCheckedAgainstTheMemberAndTheGeneration() {
        open(0);
        TopicPartition tp = new TopicPartition("t", 1);
        Map<TopicPartition, OffsetAndMetadata> offset = Map.of(tp, new OffsetAndMetadata(42, "m", 0));

        // Nobody in the group: a consumer using assign(), or an admin tool, may commit.
        assertThat(classic.commitOffsets("g", -1, "", null, offset)).containsEntry(tp, ErrorCode.NONE);
        assertThat(classic.commitOffsets("g", 3, "someone", null, offset)).containsEntry(tp, ErrorCode.ILLEGAL_GENERATION);

        Member member = new Member("a");
        done(member.startJoin());
        assertThat(classic.commitOffsets("g", member.generation, member.id, null, offset))
                .containsEntry(tp, ErrorCode.REBALANCE_IN_PROGRESS);
        done(member.startSync(Map.of(member.id, NONE)));

        assertThat(classic.commitOffsets("g", -1, "", null, offset)).containsEntry(tp, ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(classic.commitOffsets("g", member.generation, "stranger", null, offset))
                .containsEntry(tp, ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(classic.commitOffsets("g", member.generation + 1, member.id, null, offset))
                .containsEntry(tp, ErrorCode.ILLEGAL_GENERATION);
        assertThat(classic.commitOffsets("g", member.generation, member.id, null,
                Map.of(tp, new OffsetAndMetadata(43, null, 0), new TopicPartition("t", 9), new OffsetAndMetadata(1, null, 0))))
                .containsEntry(tp, ErrorCode.NONE)
                .containsEntry(new TopicPartition("t", 9), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(groups.committedOffsets("g", List.of(tp)).get(tp).offset()).isEqualTo(43);
        assertThatThrownBy(() -> broker.commitOffsets("g", offset)).isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void listAndDescribeShowClassicGroupsWithKafkasStateNames() {
        open(0);
        Member member = new Member("a", "instance-a");
        done(member.startJoin());
        classic.commitOffsets("simple", -1, "", null,
                Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(1, null, 0)));

        assertThat(groups.listGroups()).containsExactly(
                new GroupListing("g", "CompletingRebalance", 1, "classic", "consumer"),
                new GroupListing("simple", "Empty", 0, "classic", ""));

        done(member.startSync(Map.of(member.id, new byte[] {1, 2})));
        GroupDescription described = groups.describeGroup("g");

        assertThat(described.state()).isEqualTo("Stable");
        assertThat(described.groupType()).isEqualTo("classic");
        assertThat(described.protocolType()).isEqualTo("consumer");
        assertThat(described.protocol()).isEqualTo("range");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(member.id);
            assertThat(m.groupInstanceId()).isEqualTo("instance-a");
            assertThat(m.clientId()).isEqualTo("a");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(m.metadata()).isEqualTo(subscription("t"));
            assertThat(m.assignmentBytes()).containsExactly(1, 2);
        });

        new Member("b").startJoin();
        assertThat(groups.describeGroup("g").state()).isEqualTo("PreparingRebalance");
    }

    @Test
    void anEmptyClassicGroupCanBeDeletedButOneWithMembersCannot() {
        open(0);
        Member member = new Member("a");
        rebalance(List.of(member));
        classic.commitOffsets("g", member.generation, member.id, null,
                Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(1, null, 0)));

        assertThatThrownBy(() -> groups.deleteGroup("g")).isInstanceOf(NonEmptyGroupException.class);

        classic.leave("g", List.of(new MemberIdentity(member.id, null)));
        groups.deleteGroup("g");

        assertThat(groups.listGroups()).isEmpty();
        assertThat(groups.committedOffsets("g", null)).isEmpty();
    }

    @Test
    void offsetsOfTopicsTheMembersSubscribeToCannotBeDeleted() {
        open(0);
        Member member = new Member("a");
        rebalance(List.of(member));
        TopicPartition subscribed = new TopicPartition("t", 0);
        TopicPartition unsubscribed = new TopicPartition("other", 0);
        classic.commitOffsets("g", member.generation, member.id, null, Map.of(subscribed,
                new OffsetAndMetadata(1, null, 0), unsubscribed, new OffsetAndMetadata(2, null, 0)));

        ConsumerGroups.OffsetDeleteResult result = groups.deleteOffsets("g", List.of(subscribed, unsubscribed));

        assertThat(result.error()).isEqualTo(ErrorCode.NONE);
        assertThat(result.partitions()).containsEntry(subscribed, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC)
                .containsEntry(unsubscribed, ErrorCode.NONE);
        assertThat(groups.committedOffsets("g", null)).containsOnlyKeys(subscribed);
        assertThat(groups.deleteOffsets("nothing", List.of(subscribed)).error())
                .isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
    }

    @Test
    void aGroupIdIsEitherAClassicGroupOrAConsumerGroupWhileItHasMembers() {
        open(0);
        groups.heartbeat(new Heartbeat("g", null, Heartbeat.JOIN, "modern", 30_000, Set.of("t"), null, Set.of()));

        assertThat(done(new Member("a").startJoin()).error()).isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(groups.listGroups()).singleElement().satisfies(g -> assertThat(g.groupType()).isEqualTo("consumer"));

        Member classicMember = new Member("a");
        JoinRequest other = new JoinRequest("h", "", null, "a", "h", SESSION_TIMEOUT_MS, REBALANCE_TIMEOUT_MS,
                "consumer", range(subscription("t")), false, null);
        assertThat(done(classic.join(other)).error()).isEqualTo(ErrorCode.NONE);
        assertThatThrownBy(() -> groups.heartbeat(new Heartbeat("h", null, Heartbeat.JOIN, "modern", 30_000,
                Set.of("t"), null, Set.of()))).isInstanceOf(InconsistentGroupProtocolException.class);
        assertThat(groups.describeGroup("h").members()).hasSize(1);
        assertThat(classicMember.id).isEmpty();
    }

    @Test
    void aGroupWithOnlyCommittedOffsetsCanBeTakenByEitherKind() {
        open(0);
        TopicPartition tp = new TopicPartition("t", 0);
        classic.commitOffsets("g", -1, "", null, Map.of(tp, new OffsetAndMetadata(7, null, 0)));

        ConsumerGroups.HeartbeatResult modern = groups.heartbeat(new Heartbeat("g", null, Heartbeat.JOIN, "modern",
                30_000, Set.of("t"), null, Set.of()));
        groups.heartbeat(new Heartbeat("g", modern.memberId(), Heartbeat.LEAVE, null, 0, null, null, null));
        Member member = new Member("a");

        assertThat(done(member.startJoin()).error()).isEqualTo(ErrorCode.NONE);
        assertThat(groups.committedOffsets("g", List.of(tp)).get(tp).offset()).isEqualTo(7);
    }
}
