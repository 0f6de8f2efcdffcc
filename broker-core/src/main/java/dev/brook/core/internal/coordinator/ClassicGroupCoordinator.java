package dev.brook.core.internal.coordinator;

import dev.brook.core.ClassicGroups;
import dev.brook.core.ConsumerGroups.GroupDescription;
import dev.brook.core.ConsumerGroups.GroupListing;
import dev.brook.core.ConsumerGroups.OffsetDeleteResult;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.NonEmptyGroupException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClassicGroups} of a broker: Kafka's classic group coordinator, one
 * {@link ClassicGroup} state machine per group id, with committed offsets in the shared
 * {@link OffsetStore}.
 *
 * <p>Time-driven events (a rebalance timeout, the end of the initial delay, a session or a pending
 * member expiring, a sync timeout) are found by {@link #tick()}, which the broker runs
 * periodically and, through {@code wakeUp}, when a deadline is set; so a test with a manual clock
 * moves the clock and calls {@link #tick()}. A group without members or pending members is
 * dropped (only its committed offsets remain), as the consumer-group side does.
 *
 * <p>Thread-safe: each group is a monitor, so its events are handled one at a time; futures are
 * completed after the monitor is released, so that what the caller chains on them never runs
 * inside it.
 */
public final class ClassicGroupCoordinator implements ClassicGroups {
    private static final Logger log = LoggerFactory.getLogger(ClassicGroupCoordinator.class);
    private static final byte[] NO_ASSIGNMENT = new byte[0];

    /** The broker settings of classic groups, as Kafka names them ({@code group.*}). */
    public record Settings(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
            int maxGroupSize) {
    }

    private final OffsetStore offsets;
    private final ToIntFunction<String> partitionCounts;
    private final Clock clock;
    private final GroupNamespace namespace;
    private final Settings settings;
    private final LongConsumer wakeUp;
    private final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();

    /**
     * @param partitionCounts the partition count of a topic, or -1 when it does not exist
     * @param wakeUp asked to run {@link #tick()} after the given number of milliseconds
     */
    ClassicGroupCoordinator(OffsetStore offsets, ToIntFunction<String> partitionCounts, Clock clock,
            GroupNamespace namespace, Settings settings, LongConsumer wakeUp) {
        this.offsets = offsets;
        this.partitionCounts = partitionCounts;
        this.clock = clock;
        this.namespace = namespace;
        this.settings = settings;
        this.wakeUp = wakeUp;
    }

    /** Futures to complete once the group's monitor is released. Not thread-safe: one per request. */
    private static final class Outbox {
        private final List<Runnable> completions = new ArrayList<>();

        <T> void complete(CompletableFuture<T> future, T value) {
            completions.add(() -> future.complete(value));
        }

        void send() {
            completions.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code action} under the monitor of the group's current instance (created first if
     * {@code create}), or with null if there is none; drops the group afterwards if it is unused.
     */
    private <T> T withGroup(String groupId, boolean create, Function<ClassicGroup, T> action) {
        while (true) {
            ClassicGroup group = create ? groups.computeIfAbsent(groupId, ClassicGroup::new) : groups.get(groupId);
            if (group == null) {
                return action.apply(null);
            }
            synchronized (group) {
                if (groups.get(groupId) != group) {
                    // Dropped while this thread waited for it: use the group's new instance, if any.
                    continue;
                }
                try {
                    return action.apply(group);
                } finally {
                    dropIfUnused(group);
                }
            }
        }
    }

    private void dropIfUnused(ClassicGroup group) {
        if (group.is(ClassicGroupState.EMPTY) && group.members.isEmpty() && group.pendingMembers.isEmpty()) {
            group.transitionTo(ClassicGroupState.DEAD);
            groups.remove(group.groupId, group);
            if (group.claimed) {
                namespace.release(group.groupId, GroupNamespace.Kind.CLASSIC, group);
            }
        }
    }

    private boolean claim(ClassicGroup group) {
        if (!group.claimed) {
            group.claimed = namespace.claim(group.groupId, GroupNamespace.Kind.CLASSIC, group);
        }
        return group.claimed;
    }

    // ------------------------------------------------------------------------------------ join

    @Override
    public CompletableFuture<JoinResult> join(JoinRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<JoinResult> result = new CompletableFuture<>();
        String memberId = request.memberId() == null ? NEW_MEMBER_ID : request.memberId();
        if (request.groupId() == null || request.groupId().isEmpty()) {
            result.complete(JoinResult.failed(ErrorCode.INVALID_GROUP_ID, memberId, null));
            return result;
        }
        if (request.sessionTimeoutMs() < settings.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > settings.maxSessionTimeoutMs()) {
            result.complete(JoinResult.failed(ErrorCode.INVALID_SESSION_TIMEOUT, memberId, null));
            return result;
        }
        Outbox outbox = new Outbox();
        boolean newMember = memberId.isEmpty();
        withGroup(request.groupId(), newMember, group -> {
            if (group == null) {
                outbox.complete(result, JoinResult.failed(ErrorCode.UNKNOWN_MEMBER_ID, memberId, null));
            } else if (!group.supportsProtocols(request.protocolType(), request.protocols())) {
                outbox.complete(result, JoinResult.failed(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId, null));
            } else if (newMember) {
                joinNewMember(group, request, result, outbox);
            } else {
                joinExistingMember(group, request, result, outbox);
            }
            return null;
        });
        outbox.send();
        return result;
    }

    private void joinNewMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinResult> result,
            Outbox outbox) {
        if (!claim(group)) {
            log.info("refusing a classic join to group {}: it is a consumer group with members", group.groupId);
            outbox.complete(result, JoinResult.failed(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, NEW_MEMBER_ID, null));
            return;
        }
        boolean replacesStatic = group.staticMemberId(request.groupInstanceId()) != null;
        if (!replacesStatic && group.members.size() + group.pendingMembers.size() >= settings.maxGroupSize()) {
            outbox.complete(result, JoinResult.failed(ErrorCode.GROUP_MAX_SIZE_REACHED, NEW_MEMBER_ID, null));
            return;
        }
        String memberId = (request.clientId() == null ? "" : request.clientId()) + "-" + UUID.randomUUID();
        if (replacesStatic) {
            replaceStaticMember(group, request, memberId, result, outbox);
        } else if (request.groupInstanceId() == null && request.requireKnownMemberId()) {
            // KIP-394: the member is known only once it joins again with this id, so that a client
            // that retries its first join after a lost response does not leave a member behind.
            group.pendingMembers.put(memberId, clock.millis() + request.sessionTimeoutMs());
            wakeUp.accept(request.sessionTimeoutMs());
            outbox.complete(result, JoinResult.failed(ErrorCode.MEMBER_ID_REQUIRED, memberId, null));
        } else {
            addMemberAndRebalance(group, request, memberId, result, outbox);
        }
    }

    private void joinExistingMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinResult> result,
            Outbox outbox) {
        String memberId = request.memberId();
        if (request.groupInstanceId() == null && group.pendingMembers.remove(memberId) != null) {
            if (!claim(group)) {
                outbox.complete(result, JoinResult.failed(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId, null));
                return;
            }
            addMemberAndRebalance(group, request, memberId, result, outbox);
            return;
        }
        ErrorCode memberError = group.validateMember(memberId, request.groupInstanceId());
        if (memberError != ErrorCode.NONE) {
            outbox.complete(result, JoinResult.failed(memberError, memberId, null));
            return;
        }
        ClassicMember member = group.members.get(memberId);
        member.lastHeartbeatMs = clock.millis();
        switch (group.state()) {
            case PREPARING_REBALANCE:
                updateMemberAndRebalance(group, member, request, result, outbox);
                break;
            case COMPLETING_REBALANCE:
                if (member.matches(request.protocols())) {
                    // The member lost the response of this generation's join: send it again.
                    outbox.complete(result, currentJoinResult(group, member, false));
                } else {
                    updateMemberAndRebalance(group, member, request, result, outbox);
                }
                break;
            case STABLE:
                // A leader that joins again wants to assign anew (it saw metadata change); a
                // follower only if its own metadata changed.
                if (memberId.equals(group.leaderId) || !member.matches(request.protocols())) {
                    updateMemberAndRebalance(group, member, request, result, outbox);
                } else {
                    outbox.complete(result, currentJoinResult(group, member, false));
                }
                break;
            default:
                outbox.complete(result, JoinResult.failed(ErrorCode.UNKNOWN_MEMBER_ID, memberId, null));
        }
    }

    private void addMemberAndRebalance(ClassicGroup group, JoinRequest request, String memberId,
            CompletableFuture<JoinResult> result, Outbox outbox) {
        ClassicMember member = new ClassicMember(memberId, request, clock.millis());
        member.awaitingJoin = result;
        group.add(member);
        log.info("member {} ({}{}) joined classic group {}{}", memberId, request.clientId(),
                request.groupInstanceId() == null ? "" : ", instance " + request.groupInstanceId(), group.groupId,
                request.reason() == null ? "" : ": " + request.reason());
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            if (group.initialDelay) {
                group.newMemberAdded = true;
            }
            maybeCompleteJoin(group, outbox);
        } else {
            prepareRebalance(group, "member " + memberId + " joined", outbox);
        }
    }

    private void updateMemberAndRebalance(ClassicGroup group, ClassicMember member, JoinRequest request,
            CompletableFuture<JoinResult> result, Outbox outbox) {
        if (member.awaitingJoin != null) {
            // A retried join: the first one's connection is gone, but its future must not leak.
            outbox.complete(member.awaitingJoin,
                    JoinResult.failed(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId, group.protocolType));
        }
        member.update(request);
        member.awaitingJoin = result;
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group, outbox);
        } else {
            prepareRebalance(group, "member " + member.memberId + " joined again"
                    + (request.reason() == null ? "" : " (" + request.reason() + ")"), outbox);
        }
    }

    /**
     * A static member that joins again as a new member (it restarted) takes its old member's place
     * under a new member id; the old id is fenced. In a stable group this costs no rebalance unless
     * its metadata changed or the chosen protocol would change: the member gets its old assignment
     * back with its sync, and as leader is told to skip the assignment (KIP-814). Kafka checks only
     * the protocol; a changed subscription rebalances here too, so that it is not silently ignored.
     */
    private void replaceStaticMember(ClassicGroup group, JoinRequest request, String newMemberId,
            CompletableFuture<JoinResult> result, Outbox outbox) {
        String oldMemberId = group.staticMemberId(request.groupInstanceId());
        ClassicMember member = group.members.get(oldMemberId);
        if (member.awaitingJoin != null) {
            outbox.complete(member.awaitingJoin, JoinResult.failed(ErrorCode.FENCED_INSTANCE_ID, oldMemberId, null));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            outbox.complete(member.awaitingSync, SyncResult.failed(ErrorCode.FENCED_INSTANCE_ID));
            member.awaitingSync = null;
        }
        boolean metadataChanged = !member.matches(request.protocols());
        group.replaceStaticMember(request.groupInstanceId(), newMemberId);
        member.update(request);
        member.lastHeartbeatMs = clock.millis();
        log.info("static member {} of classic group {} joined again as {}; {} is fenced", request.groupInstanceId(),
                group.groupId, newMemberId, oldMemberId);
        member.awaitingJoin = result;
        switch (group.state()) {
            case STABLE:
                if (!metadataChanged && Objects.equals(group.selectProtocol(), group.protocolName)) {
                    member.awaitingJoin = null;
                    outbox.complete(result, currentJoinResult(group, member, newMemberId.equals(group.leaderId)));
                } else {
                    prepareRebalance(group, "static member " + request.groupInstanceId() + " changed its metadata",
                            outbox);
                }
                break;
            case COMPLETING_REBALANCE:
                // The leader may be assigning to the old member id: assign again.
                prepareRebalance(group, "static member " + request.groupInstanceId() + " joined again", outbox);
                break;
            case PREPARING_REBALANCE:
                maybeCompleteJoin(group, outbox);
                break;
            default:
                throw new IllegalStateException("classic group " + group.groupId + " has static member "
                        + request.groupInstanceId() + " but is " + group.state());
        }
    }

    /** The join result of the current generation for a member (the leader gets the member list). */
    private static JoinResult currentJoinResult(ClassicGroup group, ClassicMember member, boolean skipAssignment) {
        boolean leader = member.memberId.equals(group.leaderId);
        return new JoinResult(ErrorCode.NONE, group.generationId, group.protocolType, group.protocolName,
                group.leaderId, skipAssignment, member.memberId, leader ? group.joinedMembers() : List.of());
    }

    // ----------------------------------------------------------------------------- rebalance

    /**
     * Starts waiting for the members to join: for the rebalance timeout, or for a group that was
     * empty, for the initial delay (extended while new members arrive, up to the rebalance timeout).
     * Members waiting for the leader's assignment are told a new rebalance has begun.
     */
    private void prepareRebalance(ClassicGroup group, String reason, Outbox outbox) {
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            for (ClassicMember member : group.members.values()) {
                member.assignment = NO_ASSIGNMENT;
                if (member.awaitingSync != null) {
                    outbox.complete(member.awaitingSync, SyncResult.failed(ErrorCode.REBALANCE_IN_PROGRESS));
                    member.awaitingSync = null;
                }
            }
        }
        group.pendingSync.clear();
        boolean wasEmpty = group.is(ClassicGroupState.EMPTY);
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE);
        long now = clock.millis();
        int rebalanceTimeoutMs = group.rebalanceTimeoutMs();
        log.info("preparing to rebalance classic group {} (generation {}): {}", group.groupId, group.generationId,
                reason);
        if (wasEmpty && settings.initialRebalanceDelayMs() > 0) {
            long delay = Math.min(settings.initialRebalanceDelayMs(), rebalanceTimeoutMs);
            group.initialDelay = true;
            group.newMemberAdded = false;
            group.initialDelayRemainingMs = Math.max(0, rebalanceTimeoutMs - delay);
            group.joinDeadlineMs = now + delay;
            wakeUp.accept(delay);
        } else {
            group.initialDelay = false;
            group.joinDeadlineMs = now + rebalanceTimeoutMs;
            wakeUp.accept(rebalanceTimeoutMs);
            maybeCompleteJoin(group, outbox);
        }
    }

    private void maybeCompleteJoin(ClassicGroup group, Outbox outbox) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE) && !group.initialDelay && group.allMembersJoined()) {
            completeJoin(group, outbox);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not join are removed (static ones keep their
     * place until their session expires), the generation rises, the protocol is chosen and every
     * member that joined gets its result.
     */
    private void completeJoin(ClassicGroup group, Outbox outbox) {
        long now = clock.millis();
        for (ClassicMember member : List.copyOf(group.members.values())) {
            if (member.awaitingJoin == null && !member.isStatic()) {
                log.info("removing member {} from classic group {}: it did not join within the rebalance timeout",
                        member.memberId, group.groupId);
                group.remove(member.memberId);
            }
        }
        if (!group.members.isEmpty() && !group.electJoinedLeader()) {
            // Only static members that have not joined yet: wait for them, or for their sessions to expire.
            group.joinDeadlineMs = now + group.rebalanceTimeoutMs();
            wakeUp.accept(group.rebalanceTimeoutMs());
            return;
        }
        group.generationId++;
        if (group.members.isEmpty()) {
            group.protocolName = null;
            group.leaderId = null;
            group.transitionTo(ClassicGroupState.EMPTY);
            log.info("classic group {} is empty at generation {}", group.groupId, group.generationId);
            return;
        }
        group.protocolName = group.selectProtocol();
        group.transitionTo(ClassicGroupState.COMPLETING_REBALANCE);
        for (ClassicMember member : group.members.values()) {
            if (member.awaitingJoin != null) {
                outbox.complete(member.awaitingJoin, currentJoinResult(group, member, false));
                member.awaitingJoin = null;
                member.lastHeartbeatMs = now;
            }
        }
        group.pendingSync.addAll(group.members.keySet());
        group.syncDeadlineMs = now + group.rebalanceTimeoutMs();
        wakeUp.accept(group.rebalanceTimeoutMs());
        log.info("classic group {} completed its join phase: generation {}, protocol {}, leader {}, {} member(s)",
                group.groupId, group.generationId, group.protocolName, group.leaderId, group.members.size());
    }

    private void removeMemberAndUpdateGroup(ClassicGroup group, String memberId, Outbox outbox) {
        ClassicMember member = group.members.get(memberId);
        if (member.awaitingJoin != null) {
            outbox.complete(member.awaitingJoin, JoinResult.failed(ErrorCode.UNKNOWN_MEMBER_ID, memberId, null));
        }
        if (member.awaitingSync != null) {
            outbox.complete(member.awaitingSync, SyncResult.failed(ErrorCode.UNKNOWN_MEMBER_ID));
        }
        group.remove(memberId);
        switch (group.state()) {
            case STABLE:
            case COMPLETING_REBALANCE:
                prepareRebalance(group, "member " + memberId + " left", outbox);
                break;
            case PREPARING_REBALANCE:
                maybeCompleteJoin(group, outbox);
                break;
            default:
                break;
        }
    }

    // ---------------------------------------------------------------- sync, heartbeat, leave

    @Override
    public CompletableFuture<SyncResult> sync(SyncRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<SyncResult> result = new CompletableFuture<>();
        if (request.groupId() == null || request.groupId().isEmpty()) {
            result.complete(SyncResult.failed(ErrorCode.INVALID_GROUP_ID));
            return result;
        }
        Outbox outbox = new Outbox();
        withGroup(request.groupId(), false, group -> {
            ErrorCode error = group == null ? ErrorCode.UNKNOWN_MEMBER_ID
                    : validateGeneration(group, request.generationId(), request.memberId(), request.groupInstanceId());
            if (error == ErrorCode.NONE && (request.protocolType() != null
                    && !request.protocolType().equals(group.protocolType) || request.protocolName() != null
                    && !request.protocolName().equals(group.protocolName))) {
                error = ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
            }
            if (error != ErrorCode.NONE) {
                outbox.complete(result, SyncResult.failed(error));
            } else {
                syncMember(group, request, result, outbox);
            }
            return null;
        });
        outbox.send();
        return result;
    }

    private void syncMember(ClassicGroup group, SyncRequest request, CompletableFuture<SyncResult> result,
            Outbox outbox) {
        ClassicMember member = group.members.get(request.memberId());
        member.lastHeartbeatMs = clock.millis();
        switch (group.state()) {
            case PREPARING_REBALANCE:
                outbox.complete(result, SyncResult.failed(ErrorCode.REBALANCE_IN_PROGRESS));
                break;
            case COMPLETING_REBALANCE:
                if (member.awaitingSync != null) {
                    outbox.complete(member.awaitingSync, SyncResult.failed(ErrorCode.REBALANCE_IN_PROGRESS));
                }
                member.awaitingSync = result;
                group.pendingSync.remove(member.memberId);
                if (member.memberId.equals(group.leaderId)) {
                    // Members the leader left out get an empty assignment, as in Kafka.
                    for (ClassicMember each : group.members.values()) {
                        each.assignment = request.assignments().getOrDefault(each.memberId, NO_ASSIGNMENT);
                    }
                    group.transitionTo(ClassicGroupState.STABLE);
                    for (ClassicMember each : group.members.values()) {
                        if (each.awaitingSync != null) {
                            outbox.complete(each.awaitingSync, new SyncResult(ErrorCode.NONE, group.protocolType,
                                    group.protocolName, each.assignment));
                            each.awaitingSync = null;
                        }
                    }
                    log.info("classic group {} is stable at generation {} with {} member(s)", group.groupId,
                            group.generationId, group.members.size());
                }
                break;
            case STABLE:
                group.pendingSync.remove(member.memberId);
                outbox.complete(result, new SyncResult(ErrorCode.NONE, group.protocolType, group.protocolName,
                        member.assignment));
                break;
            default:
                outbox.complete(result, SyncResult.failed(ErrorCode.UNKNOWN_MEMBER_ID));
        }
    }

    /** The checks that sync and heartbeat share: a known member, the current generation. */
    private static ErrorCode validateGeneration(ClassicGroup group, int generationId, String memberId,
            String groupInstanceId) {
        ErrorCode memberError = group.validateMember(memberId, groupInstanceId);
        if (memberError != ErrorCode.NONE) {
            return memberError;
        }
        return generationId == group.generationId ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    }

    @Override
    public ErrorCode heartbeat(String groupId, int generationId, String memberId, String groupInstanceId) {
        if (groupId == null || groupId.isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        return withGroup(groupId, false, group -> {
            if (group == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            ErrorCode error = validateGeneration(group, generationId, memberId, groupInstanceId);
            if (error != ErrorCode.NONE) {
                return error;
            }
            group.members.get(memberId).lastHeartbeatMs = clock.millis();
            switch (group.state()) {
                case PREPARING_REBALANCE:
                    return ErrorCode.REBALANCE_IN_PROGRESS;
                case COMPLETING_REBALANCE:
                case STABLE:
                    // A member may heartbeat between its join and sync responses: it is alive.
                    return ErrorCode.NONE;
                default:
                    return ErrorCode.UNKNOWN_MEMBER_ID;
            }
        });
    }

    @Override
    public LeaveResult leave(String groupId, List<MemberIdentity> members) {
        Objects.requireNonNull(members, "members");
        if (groupId == null || groupId.isEmpty()) {
            return new LeaveResult(ErrorCode.INVALID_GROUP_ID, List.of());
        }
        Outbox outbox = new Outbox();
        LeaveResult result = withGroup(groupId, false, group -> {
            List<MemberLeaveResult> outcomes = new ArrayList<>();
            for (MemberIdentity identity : members) {
                ErrorCode error = group == null ? ErrorCode.UNKNOWN_MEMBER_ID : leaveOne(group, identity, outbox);
                outcomes.add(new MemberLeaveResult(identity.memberId(), identity.groupInstanceId(), error));
            }
            return new LeaveResult(ErrorCode.NONE, outcomes);
        });
        outbox.send();
        return result;
    }

    private ErrorCode leaveOne(ClassicGroup group, MemberIdentity identity, Outbox outbox) {
        String memberId = identity.memberId() == null ? NEW_MEMBER_ID : identity.memberId();
        if (memberId.isEmpty()) {
            // LeaveGroup v3+ may name a static member by its instance id alone (an admin removing it).
            memberId = group.staticMemberId(identity.groupInstanceId());
            if (memberId == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
        } else if (identity.groupInstanceId() == null && group.pendingMembers.remove(memberId) != null) {
            log.info("pending member {} left classic group {}", memberId, group.groupId);
            maybeCompleteJoin(group, outbox);
            return ErrorCode.NONE;
        } else {
            ErrorCode error = group.validateMember(memberId, identity.groupInstanceId());
            if (error != ErrorCode.NONE) {
                return error;
            }
        }
        log.info("member {} left classic group {}", memberId, group.groupId);
        removeMemberAndUpdateGroup(group, memberId, outbox);
        return ErrorCode.NONE;
    }

    // ------------------------------------------------------------------------------------ time

    /**
     * Handles what is due: pending members and sessions that expired, join phases whose time is up
     * (the rebalance timeout or the initial delay), and members that did not sync in time. The
     * broker calls this periodically and when a deadline it was told of comes.
     */
    public void tick() {
        for (String groupId : List.copyOf(groups.keySet())) {
            Outbox outbox = new Outbox();
            withGroup(groupId, false, group -> {
                if (group != null) {
                    tick(group, clock.millis(), outbox);
                }
                return null;
            });
            outbox.send();
        }
    }

    private void tick(ClassicGroup group, long now, Outbox outbox) {
        if (group.pendingMembers.values().removeIf(deadline -> now >= deadline)) {
            log.info("pending member(s) of classic group {} did not join in time", group.groupId);
            maybeCompleteJoin(group, outbox);
        }
        for (ClassicMember member : List.copyOf(group.members.values())) {
            // A member waiting in a join or sync is alive: the group is what keeps it waiting.
            boolean waiting = member.awaitingJoin != null || member.awaitingSync != null;
            if (!waiting && group.members.containsKey(member.memberId)
                    && now - member.lastHeartbeatMs > member.sessionTimeoutMs) {
                log.info("removing member {} from classic group {}: no heartbeat for {} ms", member.memberId,
                        group.groupId, now - member.lastHeartbeatMs);
                removeMemberAndUpdateGroup(group, member.memberId, outbox);
            }
        }
        if (group.is(ClassicGroupState.PREPARING_REBALANCE) && now >= group.joinDeadlineMs) {
            if (group.initialDelay && group.newMemberAdded && group.initialDelayRemainingMs > 0) {
                long delay = Math.min(settings.initialRebalanceDelayMs(), group.initialDelayRemainingMs);
                group.newMemberAdded = false;
                group.initialDelayRemainingMs -= delay;
                group.joinDeadlineMs = now + delay;
                wakeUp.accept(delay);
            } else {
                group.initialDelay = false;
                completeJoin(group, outbox);
            }
        }
        if ((group.is(ClassicGroupState.COMPLETING_REBALANCE) || group.is(ClassicGroupState.STABLE))
                && !group.pendingSync.isEmpty() && now >= group.syncDeadlineMs) {
            for (String memberId : List.copyOf(group.pendingSync)) {
                log.info("removing member {} from classic group {}: no sync within the rebalance timeout", memberId,
                        group.groupId);
                ClassicMember member = group.members.get(memberId);
                if (member != null && member.awaitingJoin != null) {
                    outbox.complete(member.awaitingJoin, JoinResult.failed(ErrorCode.UNKNOWN_MEMBER_ID, memberId, null));
                }
                group.remove(memberId);
            }
            prepareRebalance(group, "members did not sync in time", outbox);
        }
    }

    /** Answers every waiting join and sync with {@link ErrorCode#COORDINATOR_NOT_AVAILABLE}, for shutdown. */
    public void failWaiting() {
        for (String groupId : List.copyOf(groups.keySet())) {
            Outbox outbox = new Outbox();
            withGroup(groupId, false, group -> {
                for (ClassicMember member : group == null ? List.<ClassicMember>of() : group.members.values()) {
                    if (member.awaitingJoin != null) {
                        outbox.complete(member.awaitingJoin, JoinResult.failed(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                                member.memberId, null));
                        member.awaitingJoin = null;
                    }
                    if (member.awaitingSync != null) {
                        outbox.complete(member.awaitingSync, SyncResult.failed(ErrorCode.COORDINATOR_NOT_AVAILABLE));
                        member.awaitingSync = null;
                    }
                }
                return null;
            });
            outbox.send();
        }
    }

    // --------------------------------------------------------------------------------- offsets

    @Override
    public Map<TopicPartition, ErrorCode> commitOffsets(String groupId, int generationId, String memberId,
            String groupInstanceId, Map<TopicPartition, OffsetAndMetadata> toCommit) {
        Objects.requireNonNull(toCommit, "offsets");
        Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
        if (groupId == null || groupId.isEmpty()) {
            toCommit.keySet().forEach(tp -> results.put(tp, ErrorCode.INVALID_GROUP_ID));
            return results;
        }
        Map<TopicPartition, OffsetAndMetadata> existing = new HashMap<>();
        toCommit.forEach((tp, offset) -> {
            if (partitionExists(tp)) {
                existing.put(tp, offset);
            } else {
                results.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            }
        });
        withGroup(groupId, false, group -> {
            ErrorCode error;
            if (group != null) {
                error = group.validateOffsetCommit(generationId, memberId, groupInstanceId);
            } else if (namespace.owner(groupId) == GroupNamespace.Kind.CONSUMER) {
                error = ErrorCode.UNKNOWN_MEMBER_ID;
            } else {
                // No live group: only a commit from outside any group; a generation is one that no longer exists.
                error = generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
            }
            if (error == ErrorCode.NONE) {
                offsets.commit(groupId, existing);
            }
            existing.keySet().forEach(tp -> results.put(tp, error));
            return null;
        });
        return results;
    }

    private boolean partitionExists(TopicPartition tp) {
        return tp.partition() >= 0 && tp.partition() < partitionCounts.applyAsInt(tp.topic());
    }

    /**
     * OffsetDelete for a group that is not a consumer group with members: refused for a classic
     * group with members of a protocol type other than "consumer", partition by partition for the
     * topics its members subscribe to.
     */
    OffsetDeleteResult deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        return withGroup(groupId, false, group -> {
            boolean live = group != null && !group.members.isEmpty();
            if (!live && group == null && !offsets.groups().contains(groupId)) {
                return new OffsetDeleteResult(ErrorCode.GROUP_ID_NOT_FOUND, Map.of());
            }
            if (live && !"consumer".equals(group.protocolType)) {
                return new OffsetDeleteResult(ErrorCode.NON_EMPTY_GROUP, Map.of());
            }
            Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
            List<TopicPartition> deletable = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (!partitionExists(tp)) {
                    results.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                } else if (live && group.subscribesTo(tp.topic())) {
                    results.put(tp, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    results.put(tp, ErrorCode.NONE);
                    deletable.add(tp);
                }
            }
            offsets.delete(groupId, deletable);
            return new OffsetDeleteResult(ErrorCode.NONE, results);
        });
    }

    // ------------------------------------------------------------------------ listing, deletion

    /** Every live classic group, as listed. */
    List<GroupListing> listings() {
        List<GroupListing> listings = new ArrayList<>();
        for (String groupId : List.copyOf(groups.keySet())) {
            GroupListing listing = withGroup(groupId, false, group -> group == null ? null : group.listing());
            if (listing != null) {
                listings.add(listing);
            }
        }
        return listings;
    }

    /** The live classic group as described, or null if there is none. */
    GroupDescription describe(String groupId) {
        return withGroup(groupId, false, group -> group == null ? null : group.describe(offsets.committed(groupId)));
    }

    /** Whether the id has no classic group with members. */
    boolean hasNoMembers(String groupId) {
        return withGroup(groupId, false, group -> group == null || group.members.isEmpty());
    }

    /**
     * Drops the group if it has no members (pending members are forgotten).
     *
     * @throws NonEmptyGroupException if it has members
     */
    void deleteIfEmpty(String groupId) {
        withGroup(groupId, false, group -> {
            if (group == null) {
                return null;
            }
            if (!group.members.isEmpty()) {
                throw new NonEmptyGroupException("classic group " + groupId + " has " + group.members.size()
                        + " member(s); stop them before deleting it");
            }
            group.pendingMembers.clear();
            // Without members or pending members a join phase completes at once, leaving the group empty.
            maybeCompleteJoin(group, new Outbox());
            return null;
        });
    }
}
