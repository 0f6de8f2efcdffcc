package dev.brook.core.internal.coordinator;

import dev.brook.core.ClassicGroups.JoinedMember;
import dev.brook.core.ClassicGroups.Protocol;
import dev.brook.core.ConsumerGroups;
import dev.brook.core.ConsumerGroups.GroupDescription;
import dev.brook.core.ConsumerGroups.GroupListing;
import dev.brook.core.ConsumerGroups.MemberDescription;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One classic group's state: its members, generation, chosen protocol and leader, and the
 * deadlines of the rebalance in progress. The rules of a rebalance live in
 * {@link ClassicGroupCoordinator}; this class keeps the bookkeeping consistent (the static
 * members' index, the leader, the state transitions of {@link ClassicGroupState}).
 *
 * <p>Not thread-safe: the coordinator handles a group's events under the group's monitor.
 */
final class ClassicGroup {
    final String groupId;
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    int generationId;
    /** The members' protocol type, taken from the first member to join an empty group. */
    String protocolType;
    /** The protocol chosen at the last completed join, or null. */
    String protocolName;
    String leaderId;
    /** In join order: the first member is the leader unless it leaves. */
    final Map<String, ClassicMember> members = new LinkedHashMap<>();
    /** Static members' ids by instance id. */
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Members given an id with MEMBER_ID_REQUIRED that have not joined with it yet, to their expiry time. */
    final Map<String, Long> pendingMembers = new HashMap<>();
    /** Members that have not sent their sync for the current generation yet. */
    final Set<String> pendingSync = new HashSet<>();
    /** When the join phase of the rebalance in progress ends, however many members have joined. */
    long joinDeadlineMs;
    /** Whether the join phase is the initial delay of a group that was empty. */
    boolean initialDelay;
    /** How much longer the initial delay may still be extended, up to the rebalance timeout. */
    long initialDelayRemainingMs;
    /** Whether a member joined during the current initial delay, which extends it. */
    boolean newMemberAdded;
    /** When members still in {@link #pendingSync} are removed. */
    long syncDeadlineMs;
    /** Whether the group holds its id in the {@link GroupNamespace}. */
    boolean claimed;

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    ClassicGroupState state() {
        return state;
    }

    boolean is(ClassicGroupState candidate) {
        return state == candidate;
    }

    /** @throws IllegalStateException if the transition is not one of those written down in {@link ClassicGroupState} */
    void transitionTo(ClassicGroupState next) {
        if (!next.validPrevious().contains(state)) {
            throw new IllegalStateException("classic group " + groupId + " cannot go from " + state + " to " + next);
        }
        state = next;
    }

    void add(ClassicMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType;
        }
        members.put(member.memberId, member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId, member.memberId);
        }
        if (leaderId == null) {
            leaderId = member.memberId;
        }
    }

    void remove(String memberId) {
        ClassicMember member = members.remove(memberId);
        if (member == null) {
            return;
        }
        pendingSync.remove(memberId);
        if (member.isStatic()) {
            staticMembers.remove(member.groupInstanceId, memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** Gives a static member a new member id, keeping its place, leadership and assignment (KIP-345). */
    ClassicMember replaceStaticMember(String groupInstanceId, String newMemberId) {
        String oldMemberId = staticMembers.get(groupInstanceId);
        ClassicMember member = members.remove(oldMemberId);
        member.memberId = newMemberId;
        members.put(newMemberId, member);
        staticMembers.put(groupInstanceId, newMemberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        if (pendingSync.remove(oldMemberId)) {
            pendingSync.add(newMemberId);
        }
        return member;
    }

    /** The member id that holds the instance id, or null. */
    String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    /**
     * Whether the request names a member of the group as Kafka checks it: a static member by its
     * instance id, whose member id must be the current one; a dynamic member by its member id.
     */
    ErrorCode validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            return current.equals(memberId) ? ErrorCode.NONE : ErrorCode.FENCED_INSTANCE_ID;
        }
        return members.containsKey(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    /**
     * Whether a member may join with these protocols: into a group without members any non-empty
     * set will do; otherwise the protocol type must be the group's and one protocol must be
     * supported by every member.
     */
    boolean supportsProtocols(String type, List<Protocol> protocols) {
        if (type == null || type.isEmpty() || protocols.isEmpty()) {
            return false;
        }
        if (members.isEmpty()) {
            return true;
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> candidates = candidateProtocols();
        return protocols.stream().anyMatch(p -> candidates.contains(p.name()));
    }

    /** The protocols every member supports, in the first member's order of preference. */
    private Set<String> candidateProtocols() {
        Set<String> candidates = new LinkedHashSet<>();
        members.values().iterator().next().protocols.forEach(p -> candidates.add(p.name()));
        for (ClassicMember member : members.values()) {
            Set<String> supported = new HashSet<>();
            member.protocols.forEach(p -> supported.add(p.name()));
            candidates.retainAll(supported);
        }
        return candidates;
    }

    /**
     * The protocol for the next generation, as Kafka chooses it: among those every member
     * supports, the one most members prefer (each votes for its first supported one); a tie goes
     * to the protocol first in the first member's preference, so the choice is deterministic.
     */
    String selectProtocol() {
        Set<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new HashMap<>();
        for (ClassicMember member : members.values()) {
            votes.merge(member.vote(candidates), 1, Integer::sum);
        }
        String chosen = null;
        for (String candidate : candidates) {
            if (chosen == null || votes.getOrDefault(candidate, 0) > votes.getOrDefault(chosen, 0)) {
                chosen = candidate;
            }
        }
        return chosen;
    }

    /** The rebalance timeout: the largest of the members'. */
    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    /** Whether every member waits in a join and no pending member (KIP-394) is still expected. */
    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(m -> m.awaitingJoin != null);
    }

    /**
     * Makes sure the leader is a member that has joined, as the leader must compute the assignment;
     * false if no member has joined.
     */
    boolean electJoinedLeader() {
        ClassicMember leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null && leader.awaitingJoin != null) {
            return true;
        }
        for (ClassicMember member : members.values()) {
            if (member.awaitingJoin != null) {
                leaderId = member.memberId;
                return true;
            }
        }
        return false;
    }

    /** Every member with its metadata for the chosen protocol, as the leader's join result lists them. */
    List<JoinedMember> joinedMembers() {
        List<JoinedMember> joined = new ArrayList<>(members.size());
        for (ClassicMember member : members.values()) {
            joined.add(new JoinedMember(member.memberId, member.groupInstanceId, member.metadata(protocolName)));
        }
        return joined;
    }

    /**
     * Kafka's commit validation for a classic group: a commit from outside the group (generation
     * below zero) only while it is empty; otherwise a known member with the current generation,
     * and not while the group waits for the leader's assignment.
     */
    ErrorCode validateOffsetCommit(int generation, String memberId, String groupInstanceId) {
        if (generation < 0 && is(ClassicGroupState.EMPTY)) {
            return ErrorCode.NONE;
        }
        if (generation >= 0 || (memberId != null && !memberId.isEmpty()) || groupInstanceId != null) {
            ErrorCode memberError = validateMember(memberId, groupInstanceId);
            if (memberError != ErrorCode.NONE) {
                return memberError;
            }
            if (generation != generationId) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
        } else if (!is(ClassicGroupState.EMPTY)) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        return is(ClassicGroupState.COMPLETING_REBALANCE) ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
    }

    /** Whether any member subscribes to the topic, as far as its metadata tells (see {@link ConsumerProtocolSubscription}). */
    boolean subscribesTo(String topic) {
        for (ClassicMember member : members.values()) {
            for (Protocol protocol : member.protocols) {
                if (protocolName != null && !protocol.name().equals(protocolName)) {
                    continue;
                }
                Set<String> topics = ConsumerProtocolSubscription.topics(protocol.metadata());
                if (topics == null || topics.contains(topic)) {
                    return true;
                }
            }
        }
        return false;
    }

    GroupListing listing() {
        return new GroupListing(groupId, state.displayName, members.size(), ConsumerGroups.CLASSIC_TYPE,
                protocolType == null ? "" : protocolType);
    }

    /**
     * The group as Kafka's DescribeGroups shows it: members' metadata and assignments only while
     * the group is stable, when they are consistent; empty arrays otherwise.
     */
    GroupDescription describe(Map<TopicPartition, OffsetAndMetadata> committed) {
        boolean stable = is(ClassicGroupState.STABLE);
        List<MemberDescription> described = new ArrayList<>();
        for (ClassicMember member : members.values()) {
            described.add(new MemberDescription(member.memberId, member.clientId, generationId, Set.of(),
                    member.groupInstanceId, member.clientHost,
                    stable ? member.metadata(protocolName) : new byte[0], stable ? member.assignment : new byte[0]));
        }
        return new GroupDescription(groupId, state.displayName, protocolName, generationId, described, committed,
                ConsumerGroups.CLASSIC_TYPE, protocolType == null ? "" : protocolType, protocolName);
    }
}
