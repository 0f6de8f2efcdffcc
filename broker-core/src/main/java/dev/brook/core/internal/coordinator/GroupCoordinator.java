package dev.brook.core.internal.coordinator;

import dev.brook.core.ConsumerGroups;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.FencedMemberEpochException;
import dev.brook.protocol.errors.GroupIdNotFoundException;
import dev.brook.protocol.errors.IllegalGenerationException;
import dev.brook.protocol.errors.InconsistentGroupProtocolException;
import dev.brook.protocol.errors.InvalidGroupIdException;
import dev.brook.protocol.errors.InvalidRequestException;
import dev.brook.protocol.errors.NonEmptyGroupException;
import dev.brook.protocol.errors.UnknownMemberIdException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConsumerGroups} of a broker: a state machine per group, driven by heartbeats and a
 * periodic session check, with committed offsets in the {@link OffsetStore}.
 *
 * <p>A group's <i>target assignment</i> is recomputed (and its group epoch raised) whenever its
 * members, their subscriptions, its assignor or the partition counts of its topics change. Each
 * member converges on its target one heartbeat at a time: partitions it must give up are revoked
 * first and stay blocked until it acknowledges (heartbeats without them), is removed, or misses
 * its rebalance timeout; only free partitions are granted. The member epoch rises with every
 * change to what a member may own.
 *
 * <p>It also owns the broker's {@link ClassicGroupCoordinator} ({@link #classicGroups()}): both kinds
 * share one {@link GroupNamespace} of group ids, and this class lists, describes and deletes
 * groups of either kind.
 *
 * <p>Thread-safe: each group is a monitor, so its events are handled one at a time.
 */
public final class GroupCoordinator implements ConsumerGroups {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /** The protocol type of consumer groups, as Kafka reports it. */
    private static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final OffsetStore offsets;
    private final ToIntFunction<String> partitionCounts;
    private final Clock clock;
    private final int heartbeatIntervalMs;
    private final int sessionTimeoutMs;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final GroupNamespace namespace = new GroupNamespace();
    private final ClassicGroupCoordinator classic;

    /**
     * @param partitionCounts the partition count of a topic, or -1 when it does not exist
     * @param classicWakeUp asked to run {@link #expireMembers()} after the given number of
     *        milliseconds, when a classic group's deadline is set
     */
    public GroupCoordinator(OffsetStore offsets, ToIntFunction<String> partitionCounts, Clock clock,
            int heartbeatIntervalMs, int sessionTimeoutMs, ClassicGroupCoordinator.Settings classicSettings,
            LongConsumer classicWakeUp) {
        this.offsets = offsets;
        this.partitionCounts = partitionCounts;
        this.clock = clock;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.classic = new ClassicGroupCoordinator(offsets, partitionCounts, clock, namespace, classicSettings,
                classicWakeUp);
    }

    /** The classic groups, which share this coordinator's group ids and committed offsets. */
    public ClassicGroupCoordinator classicGroups() {
        return classic;
    }

    /** The states a group is reported in. */
    enum State {
        /** No members (there may be committed offsets). */
        EMPTY("Empty"),
        /** Some member does not own its target assignment yet. */
        RECONCILING("Reconciling"),
        /** Every member owns exactly its target assignment. */
        STABLE("Stable");

        final String displayName;

        State(String displayName) {
            this.displayName = displayName;
        }
    }

    private static final class Member {
        final String memberId;
        String clientId;
        int memberEpoch;
        int previousEpoch;
        Set<String> subscriptions = Set.of();
        /** The assignor this member asked for, or null for the broker's default. */
        Assignor preferredAssignor;
        int rebalanceTimeoutMs;
        long lastHeartbeatMs;
        final Set<TopicPartition> assigned = new TreeSet<>();
        final Set<TopicPartition> revoking = new TreeSet<>();
        long revocationDeadlineMs;

        Member(String memberId) {
            this.memberId = memberId;
        }
    }

    private static final class Group {
        final String groupId;
        int groupEpoch;
        Assignor assignor = Assignor.UNIFORM;
        final Map<String, Member> members = new LinkedHashMap<>();
        Map<String, Set<TopicPartition>> target = new HashMap<>();
        Map<String, Integer> partitionCounts = new TreeMap<>();

        Group(String groupId) {
            this.groupId = groupId;
        }
    }

    @Override
    public HeartbeatResult heartbeat(Heartbeat heartbeat) {
        String groupId = requireGroupId(heartbeat.groupId());
        // Checked before anything changes, so that a refused join leaves no member behind.
        if (heartbeat.memberEpoch() < Heartbeat.LEAVE) {
            throw new InvalidRequestException("member epoch " + heartbeat.memberEpoch() + " of group " + groupId
                    + " is below -1; send 0 to join, -1 to leave, otherwise the epoch the broker gave");
        }
        if (heartbeat.memberEpoch() == Heartbeat.JOIN && heartbeat.subscribedTopics() == null) {
            throw new InvalidRequestException("a join of group " + groupId + " must name its subscribedTopicNames");
        }
        Assignor requested = heartbeat.assignor() == null ? null : Assignor.forName(heartbeat.assignor());
        if (heartbeat.assignor() != null && requested == null) {
            throw new BrookException(ErrorCode.UNSUPPORTED_ASSIGNOR, "assignor '" + heartbeat.assignor()
                    + "' is not one of range, roundrobin or uniform");
        }
        while (true) {
            Group group = groups.computeIfAbsent(groupId, Group::new);
            synchronized (group) {
                if (groups.get(groupId) != group) {
                    // Dropped as empty while this thread waited for it: use the group's new instance.
                    continue;
                }
                try {
                    return heartbeatLocked(group, groupId, heartbeat);
                } finally {
                    // A refused request must not leave an empty group behind.
                    dropIfEmpty(group);
                }
            }
        }
    }

    private HeartbeatResult heartbeatLocked(Group group, String groupId, Heartbeat heartbeat) {
        {
            Assignor requested = heartbeat.assignor() == null ? null : Assignor.forName(heartbeat.assignor());
            long now = clock.millis();
            if (heartbeat.memberEpoch() == Heartbeat.LEAVE) {
                Member left = group.members.remove(heartbeat.memberId());
                if (left != null) {
                    log.info("member {} left group {}", left.memberId, groupId);
                    recomputeTarget(group);
                }
                dropIfEmpty(group);
                return new HeartbeatResult(heartbeat.memberId(), Heartbeat.LEAVE, heartbeatIntervalMs, Set.of());
            }
            boolean targetChanged = false;
            boolean rejoined = false;
            Member member;
            if (heartbeat.memberEpoch() == Heartbeat.JOIN) {
                String memberId = heartbeat.memberId() == null || heartbeat.memberId().isEmpty()
                        ? UUID.randomUUID().toString() : heartbeat.memberId();
                member = group.members.get(memberId);
                if (member == null) {
                    if (!namespace.claim(groupId, GroupNamespace.Kind.CONSUMER, group)) {
                        throw new InconsistentGroupProtocolException("group " + groupId
                                + " is a classic group with members; a consumer group of that id cannot be joined");
                    }
                    member = new Member(memberId);
                    group.members.put(memberId, member);
                    log.info("member {} ({}) joined group {}", memberId, heartbeat.clientId(), groupId);
                } else {
                    // A rejoin: the member has dropped everything it owned. Its epoch must rise even if
                    // nothing can be granted yet, so that its previous incarnation is fenced.
                    member.assigned.clear();
                    member.revoking.clear();
                    rejoined = true;
                }
                targetChanged = true;
            } else {
                member = group.members.get(heartbeat.memberId());
                if (member == null) {
                    throw new UnknownMemberIdException("member " + heartbeat.memberId() + " is not in group " + groupId
                            + " (it may have been removed after missing heartbeats); rejoin with epoch 0");
                }
                boolean lostResponse = heartbeat.memberEpoch() == member.previousEpoch
                        && heartbeat.ownedPartitions() != null && member.assigned.containsAll(heartbeat.ownedPartitions());
                if (heartbeat.memberEpoch() != member.memberEpoch && !lostResponse) {
                    throw new FencedMemberEpochException("member " + member.memberId + " of group " + groupId
                            + " sent epoch " + heartbeat.memberEpoch() + " but its epoch is " + member.memberEpoch
                            + "; rejoin with epoch 0");
                }
            }
            member.lastHeartbeatMs = now;
            member.clientId = heartbeat.clientId();
            if (heartbeat.rebalanceTimeoutMs() > 0) {
                member.rebalanceTimeoutMs = heartbeat.rebalanceTimeoutMs();
            } else if (member.rebalanceTimeoutMs <= 0) {
                member.rebalanceTimeoutMs = sessionTimeoutMs;
            }
            if (heartbeat.subscribedTopics() != null && !heartbeat.subscribedTopics().equals(member.subscriptions)) {
                member.subscriptions = Set.copyOf(heartbeat.subscribedTopics());
                targetChanged = true;
            }
            if (requested != null && requested != member.preferredAssignor) {
                member.preferredAssignor = requested;
                targetChanged = true;
            }
            if (heartbeat.ownedPartitions() != null && heartbeat.memberEpoch() == member.memberEpoch) {
                // Revoked partitions the member no longer reports are released to their new owners.
                // Not on a retry that lost its response: that member has not seen the revocation.
                member.revoking.retainAll(heartbeat.ownedPartitions());
            }
            if (targetChanged || !currentPartitionCounts(group).equals(group.partitionCounts)) {
                recomputeTarget(group);
            }
            reconcile(group, member, now, rejoined);
            return new HeartbeatResult(member.memberId, member.memberEpoch, heartbeatIntervalMs,
                    Set.copyOf(member.assigned));
        }
    }

    private Map<String, Integer> currentPartitionCounts(Group group) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Member member : group.members.values()) {
            for (String topic : member.subscriptions) {
                int count = partitionCounts.applyAsInt(topic);
                if (count > 0) {
                    counts.put(topic, count);
                }
            }
        }
        return counts;
    }

    private void recomputeTarget(Group group) {
        group.assignor = chooseAssignor(group);
        Map<String, Set<String>> subscriptions = new HashMap<>();
        group.members.values().forEach(m -> subscriptions.put(m.memberId, m.subscriptions));
        group.partitionCounts = currentPartitionCounts(group);
        group.target = group.assignor.assign(subscriptions, group.partitionCounts, group.target);
        group.groupEpoch++;
        log.debug("group {} epoch {}: target assignment {}", group.groupId, group.groupEpoch, group.target);
    }

    /**
     * The assignor most members ask for (the broker's default for those that name none); a tie
     * keeps the current one, so members with different preferences do not flip the group back and
     * forth.
     */
    private static Assignor chooseAssignor(Group group) {
        Map<Assignor, Integer> votes = new HashMap<>();
        for (Member member : group.members.values()) {
            Assignor preferred = member.preferredAssignor == null ? Assignor.UNIFORM : member.preferredAssignor;
            votes.merge(preferred, 1, Integer::sum);
        }
        Assignor chosen = group.assignor;
        int best = votes.getOrDefault(chosen, 0);
        for (Map.Entry<Assignor, Integer> vote : votes.entrySet()) {
            if (vote.getValue() > best) {
                chosen = vote.getKey();
                best = vote.getValue();
            }
        }
        return chosen;
    }

    /** Moves the member one step towards its target: revoke first, grant only free partitions. */
    private void reconcile(Group group, Member member, long now, boolean rejoined) {
        Set<TopicPartition> target = group.target.getOrDefault(member.memberId, Set.of());
        boolean changed = false;
        // A partition being revoked that the target gives back to the same member simply stays.
        for (TopicPartition tp : target) {
            if (member.revoking.remove(tp)) {
                member.assigned.add(tp);
                changed = true;
            }
        }
        Set<TopicPartition> toRevoke = new HashSet<>(member.assigned);
        toRevoke.removeAll(target);
        if (!toRevoke.isEmpty()) {
            if (member.revoking.isEmpty()) {
                // The deadline runs from the oldest unacknowledged revocation, not the newest.
                member.revocationDeadlineMs = now + member.rebalanceTimeoutMs;
            }
            member.assigned.removeAll(toRevoke);
            member.revoking.addAll(toRevoke);
            changed = true;
        }
        Set<TopicPartition> held = new HashSet<>();
        for (Member other : group.members.values()) {
            if (other != member) {
                held.addAll(other.assigned);
                held.addAll(other.revoking);
            }
        }
        for (TopicPartition tp : target) {
            if (!member.assigned.contains(tp) && !held.contains(tp)) {
                member.assigned.add(tp);
                changed = true;
            }
        }
        if (changed || rejoined || member.memberEpoch == 0) {
            // After a rejoin no heartbeat of the old incarnation counts as a retry of a lost response.
            member.previousEpoch = rejoined ? Heartbeat.JOIN : member.memberEpoch;
            member.memberEpoch = Math.max(member.memberEpoch + 1, group.groupEpoch);
        }
    }

    /**
     * Removes members that missed heartbeats for the session timeout, or that did not give up
     * revoked partitions within their rebalance timeout. The broker calls this periodically.
     */
    public void expireMembers() {
        classic.tick();
        long now = clock.millis();
        for (Group group : groups.values()) {
            synchronized (group) {
                List<String> expired = new ArrayList<>();
                for (Member member : group.members.values()) {
                    if (now - member.lastHeartbeatMs > sessionTimeoutMs) {
                        expired.add(member.memberId);
                        log.info("removing member {} from group {}: no heartbeat for {} ms", member.memberId,
                                group.groupId, now - member.lastHeartbeatMs);
                    } else if (!member.revoking.isEmpty() && now > member.revocationDeadlineMs) {
                        expired.add(member.memberId);
                        log.info("removing member {} from group {}: it did not give up {} within its rebalance timeout",
                                member.memberId, group.groupId, member.revoking);
                    }
                }
                if (!expired.isEmpty()) {
                    expired.forEach(group.members::remove);
                    recomputeTarget(group);
                }
                dropIfEmpty(group);
            }
        }
    }

    private void dropIfEmpty(Group group) {
        if (group.members.isEmpty() && groups.remove(group.groupId, group)) {
            namespace.release(group.groupId, GroupNamespace.Kind.CONSUMER, group);
        }
    }

    @Override
    public void commitOffsets(String groupId, String memberId, int memberEpoch,
            Map<TopicPartition, OffsetAndMetadata> toCommit) {
        requireGroupId(groupId);
        for (TopicPartition tp : toCommit.keySet()) {
            int count = partitionCounts.applyAsInt(tp.topic());
            if (count < 0) {
                throw new UnknownTopicOrPartitionException("cannot commit an offset for " + tp + ": topic '"
                        + tp.topic() + "' does not exist");
            }
            if (tp.partition() < 0 || tp.partition() >= count) {
                throw new UnknownTopicOrPartitionException("cannot commit an offset for " + tp + ": topic '"
                        + tp.topic() + "' has " + count + " partitions");
            }
        }
        while (true) {
            Group group = groups.get(groupId);
            if (group == null) {
                if (namespace.owner(groupId) == GroupNamespace.Kind.CLASSIC) {
                    throw new UnknownMemberIdException("group " + groupId + " is a classic group with members;"
                            + " only they may commit, through the classic protocol");
                }
                if (memberId != null && !memberId.isEmpty()) {
                    throw new UnknownMemberIdException("member " + memberId + " is not in group " + groupId
                            + ", which has no members; rejoin before committing");
                }
                offsets.commit(groupId, toCommit);
                return;
            }
            synchronized (group) {
                if (groups.get(groupId) != group) {
                    continue;
                }
                checkCommitter(group, groupId, memberId, memberEpoch);
                offsets.commit(groupId, toCommit);
                return;
            }
        }
    }

    private static void checkCommitter(Group group, String groupId, String memberId, int memberEpoch) {
        if (memberId == null || memberId.isEmpty()) {
            if (!group.members.isEmpty()) {
                throw new UnknownMemberIdException("group " + groupId + " has members: only they may commit");
            }
            return;
        }
        Member member = group.members.get(memberId);
        if (member == null) {
            throw new UnknownMemberIdException("member " + memberId + " is not in group " + groupId
                    + " (it may have been removed after missing heartbeats); its commit is refused");
        }
        if (memberEpoch < member.memberEpoch) {
            throw new IllegalGenerationException("member " + memberId + " of group " + groupId
                    + " committed with epoch " + memberEpoch + ", older than its current epoch "
                    + member.memberEpoch + "; commit again after the next heartbeat");
        }
        if (memberEpoch > member.memberEpoch) {
            throw new FencedMemberEpochException("member " + memberId + " of group " + groupId
                    + " committed with epoch " + memberEpoch + ", which the broker never gave it");
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId, Collection<TopicPartition> partitions) {
        requireGroupId(groupId);
        return partitions == null ? offsets.committed(groupId) : offsets.committed(groupId, partitions);
    }

    @Override
    public List<GroupListing> listGroups() {
        Map<String, GroupListing> listings = new TreeMap<>();
        for (String id : offsets.groups()) {
            // Only committed offsets: Kafka's "simple" group, an empty classic group without a protocol type.
            listings.put(id, new GroupListing(id, State.EMPTY.displayName, 0, CLASSIC_TYPE, ""));
        }
        for (GroupListing listing : classic.listings()) {
            listings.put(listing.groupId(), listing);
        }
        for (Group group : groups.values()) {
            synchronized (group) {
                if (!group.members.isEmpty()) {
                    listings.put(group.groupId, new GroupListing(group.groupId, state(group).displayName,
                            group.members.size(), CONSUMER_TYPE, CONSUMER_PROTOCOL_TYPE));
                }
            }
        }
        return new ArrayList<>(listings.values());
    }

    @Override
    public GroupDescription describeGroup(String groupId) {
        requireGroupId(groupId);
        Map<TopicPartition, OffsetAndMetadata> committed = offsets.committed(groupId);
        Group group = groups.get(groupId);
        if (group == null) {
            GroupDescription classicGroup = classic.describe(groupId);
            if (classicGroup != null) {
                return classicGroup;
            }
            if (committed.isEmpty()) {
                throw new GroupIdNotFoundException("group " + groupId + " does not exist");
            }
            return new GroupDescription(groupId, State.EMPTY.displayName, null, 0, List.of(), committed, CLASSIC_TYPE,
                    "", null);
        }
        synchronized (group) {
            List<MemberDescription> members = new ArrayList<>();
            for (Member member : group.members.values()) {
                members.add(new MemberDescription(member.memberId, member.clientId, member.memberEpoch,
                        Set.copyOf(member.assigned), null, null, null, null));
            }
            return new GroupDescription(groupId, state(group).displayName, group.assignor.configName(),
                    group.groupEpoch, members, committed, CONSUMER_TYPE, CONSUMER_PROTOCOL_TYPE, null);
        }
    }

    private static State state(Group group) {
        if (group.members.isEmpty()) {
            return State.EMPTY;
        }
        for (Member member : group.members.values()) {
            if (!member.revoking.isEmpty()
                    || !member.assigned.equals(group.target.getOrDefault(member.memberId, Set.of()))) {
                return State.RECONCILING;
            }
        }
        return State.STABLE;
    }

    @Override
    public void deleteGroup(String groupId) {
        requireGroupId(groupId);
        // Under the group's monitor, as a join takes it: a member cannot join between the check
        // that the group is empty and the deletion of its offsets.
        while (true) {
            Group group = groups.computeIfAbsent(groupId, Group::new);
            synchronized (group) {
                if (groups.get(groupId) != group) {
                    continue; // dropped as empty meanwhile: use the group's new instance
                }
                try {
                    if (!group.members.isEmpty()) {
                        throw new NonEmptyGroupException("group " + groupId + " has " + group.members.size()
                                + " member(s); stop them before deleting it");
                    }
                    classic.deleteIfEmpty(groupId);
                    if (!offsets.deleteGroup(groupId)) {
                        throw new GroupIdNotFoundException("group " + groupId + " does not exist");
                    }
                    return;
                } finally {
                    dropIfEmpty(group);
                }
            }
        }
    }

    /** Whether the partition exists, so that a commit can report the ones that do not. */
    public boolean partitionExists(TopicPartition tp) {
        int count = partitionCounts.applyAsInt(tp.topic());
        return tp.partition() >= 0 && tp.partition() < count;
    }

    /** Whether the group has no members, of either kind, for offset expiry. */
    @Override
    public String activeGroupType(String groupId) {
        GroupNamespace.Kind kind = namespace.owner(groupId);
        if (kind == null) {
            return null;
        }
        return kind == GroupNamespace.Kind.CONSUMER ? CONSUMER_TYPE : CLASSIC_TYPE;
    }

    public boolean isEmpty(String groupId) {
        Group group = groups.get(groupId);
        if (group == null) {
            return classic.hasNoMembers(groupId);
        }
        synchronized (group) {
            return group.members.isEmpty() && classic.hasNoMembers(groupId);
        }
    }

    @Override
    public OffsetDeleteResult deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        requireGroupId(groupId);
        Group group = groups.get(groupId);
        if (group != null) {
            synchronized (group) {
                if (groups.get(groupId) == group && !group.members.isEmpty()) {
                    Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
                    List<TopicPartition> deletable = new ArrayList<>();
                    for (TopicPartition tp : partitions) {
                        if (!partitionExists(tp)) {
                            results.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                        } else if (group.members.values().stream().anyMatch(m -> m.subscriptions.contains(tp.topic()))) {
                            results.put(tp, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
                        } else {
                            results.put(tp, ErrorCode.NONE);
                            deletable.add(tp);
                        }
                    }
                    offsets.delete(groupId, deletable);
                    return new OffsetDeleteResult(ErrorCode.NONE, results);
                }
            }
        }
        return classic.deleteOffsets(groupId, partitions);
    }

    private static String requireGroupId(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            throw new InvalidGroupIdException("a consumer group id must not be empty");
        }
        return groupId;
    }
}
