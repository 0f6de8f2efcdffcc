package dev.brook.client.consumer.internal;

import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.AuthenticationException;
import dev.brook.protocol.errors.AuthorizationException;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.FencedMemberEpochException;
import dev.brook.protocol.errors.UnknownMemberIdException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatRequest;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatResponse;
import dev.brook.protocol.wire.TopicPartitions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscribed consumer's membership of its group, kept alive by ConsumerGroupHeartbeats that a
 * background thread sends every {@code heartbeatIntervalMs} the broker asks for, whether or not the
 * application is polling ({@code docs/protocol.md}, Consumer groups). It only talks to the broker:
 * it records the assignment each response carries and {@linkplain Waiter#signal() wakes} the
 * polling thread, which reconciles (listener calls, commits) and then
 * {@linkplain #acknowledge acknowledges} what it owns; the next heartbeat, sent at once, tells the
 * broker, which is how a revocation is acknowledged.
 *
 * <pre>
 *   UNSUBSCRIBED --subscribe--> JOINING --response--> STABLE --leave--> UNSUBSCRIBED
 *                                  ^                    |
 *                                  |          UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH,
 *                                  |          no poll for max.poll.interval.ms
 *                                  +--rejoin-- FENCED <-+  (the polling thread drops its partitions first)
 * </pre>
 *
 * <p>Thread-safe: the heartbeat thread, network threads and the polling thread meet under this
 * object's monitor; at most one heartbeat is in flight.
 */
public final class GroupMembership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);
    /** How often the heartbeat thread looks whether a heartbeat is due. */
    private static final long TICK_MS = 20;
    /** The heartbeat interval assumed until the broker says. */
    private static final int INITIAL_INTERVAL_MS = 1_000;

    /** Where the member stands; see the class comment. */
    public enum State {
        UNSUBSCRIBED, JOINING, STABLE, FENCED
    }

    /** What the polling thread needs to reconcile: the state, and the broker's latest assignment (null before one). */
    public record Snapshot(State state, Set<TopicPartition> assignment) {
    }

    /** The member's identity for commits: a null id and epoch -1 when it is not a member. */
    public record Generation(String memberId, int memberEpoch) {
    }

    private final String groupId;
    private final String assignor;
    private final int rebalanceTimeoutMs;
    private final long maxPollIntervalNanos;
    private final long retryBackoffNanos;
    private final ConsumerNetwork network;
    private final ScheduledExecutorService scheduler;

    // Guarded by this.
    private State state = State.UNSUBSCRIBED;
    private String memberId;
    private int memberEpoch;
    private List<String> topics = List.of();
    private Set<TopicPartition> owned = Set.of();
    private Set<TopicPartition> assignment;
    private long intervalNanos = TimeUnit.MILLISECONDS.toNanos(INITIAL_INTERVAL_MS);
    private long nextHeartbeatNanos;
    private boolean sendNow;
    private boolean inFlight;
    /** Completes when the heartbeat in flight has its answer; a leave waits for it. Guarded by this. */
    private CompletableFuture<Void> heartbeatDone = CompletableFuture.completedFuture(null);
    private long lastPollNanos = System.nanoTime();
    private boolean stopped;
    /** A refusal that waiting will not cure (ACLs, authentication), for the next poll to throw. Guarded by this. */
    private BrookException refused;

    public GroupMembership(ConsumerConfig<?, ?> config, ConsumerNetwork network) {
        this.groupId = config.groupId().orElseThrow();
        this.assignor = config.groupRemoteAssignor().orElse(null);
        this.rebalanceTimeoutMs = config.maxPollIntervalMs();
        this.maxPollIntervalNanos = TimeUnit.MILLISECONDS.toNanos(config.maxPollIntervalMs());
        this.retryBackoffNanos = TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs());
        this.network = network;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "brook-consumer-heartbeat-" + groupId);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        scheduler.scheduleWithFixedDelay(this::tickLoudly, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Joins with these topics, or changes the subscription of a member. */
    public synchronized void subscribe(Set<String> topicNames) {
        this.topics = new ArrayList<>(new TreeSet<>(topicNames));
        lastPollNanos = System.nanoTime();
        if (state == State.UNSUBSCRIBED) {
            state = State.JOINING;
            // Chosen here rather than by the broker, so that a consumer closed before its first
            // answer can still leave rather than linger until the session timeout.
            memberId = UUID.randomUUID().toString();
            memberEpoch = ConsumerGroupHeartbeatRequest.JOIN_EPOCH;
            owned = Set.of();
            assignment = null;
        }
        heartbeatSoon();
    }

    /**
     * Throws, once, the refusal of the last heartbeat when the broker's ACLs or authentication
     * refused it: the application learns why the consumer gets no partitions, and the next poll
     * tries again.
     */
    public void throwIfRefused() {
        BrookException error;
        synchronized (this) {
            error = refused;
            refused = null;
        }
        if (error != null) {
            throw error;
        }
    }

    /** The polling thread polled: the member is alive. */
    public synchronized void polled(long nowNanos) {
        lastPollNanos = nowNanos;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(state, assignment);
    }

    public synchronized Generation generation() {
        return state == State.STABLE ? new Generation(memberId, memberEpoch)
                : new Generation(memberId, memberId == null ? -1 : memberEpoch);
    }

    /** The polling thread now owns exactly these partitions; the broker is told at once. */
    public synchronized void acknowledge(Set<TopicPartition> partitions) {
        if (!partitions.equals(owned)) {
            owned = Set.copyOf(partitions);
            heartbeatSoon();
        }
    }

    /**
     * Takes on those of {@code added} that the latest assignment still grants, atomically with it,
     * and tells the broker the member owns {@code current} plus them; returns the partitions taken.
     * Checking here rather than against an older snapshot means a partition revoked meanwhile is
     * never taken, so it cannot end up with two owners.
     */
    public synchronized Set<TopicPartition> takeOn(Set<TopicPartition> current, Set<TopicPartition> added) {
        if (state != State.STABLE || assignment == null) {
            return Set.of();
        }
        Set<TopicPartition> granted = new java.util.LinkedHashSet<>(added);
        granted.retainAll(assignment);
        Set<TopicPartition> all = new java.util.LinkedHashSet<>(current);
        all.addAll(granted);
        if (!all.equals(owned)) {
            owned = Set.copyOf(all);
            heartbeatSoon();
        }
        return granted;
    }

    /** The polling thread has dropped every partition after a fence: join again with epoch 0. */
    public synchronized void rejoin() {
        if (state != State.FENCED) {
            return;
        }
        state = State.JOINING;
        if (memberId == null) {
            memberId = UUID.randomUUID().toString();
        }
        memberEpoch = ConsumerGroupHeartbeatRequest.JOIN_EPOCH;
        owned = Set.of();
        assignment = null;
        lastPollNanos = System.nanoTime();
        heartbeatSoon();
    }

    /**
     * A commit made as {@code generation} found the member removed or fenced: rejoin at the next
     * poll, as if a heartbeat had. Ignored if the membership has moved on since (a newer epoch, or
     * a join still waiting for its member id), so that one member is never joined twice.
     */
    public synchronized void fenced(Generation generation, boolean unknownMember) {
        if (state == State.STABLE && generation.memberId() != null && generation.memberId().equals(memberId)
                && generation.memberEpoch() == memberEpoch) {
            toFenced(unknownMember);
        }
    }

    /** Asks for a heartbeat now, for example to learn a newer epoch after ILLEGAL_GENERATION. */
    public synchronized void heartbeatSoon() {
        sendNow = true;
        executeTick();
    }

    /**
     * Leaves the group (a heartbeat with epoch -1) and forgets the membership. The future completes
     * when the broker answered or the attempt failed; leaving is best effort, as the session timeout
     * removes a member that could not say goodbye.
     */
    public CompletableFuture<Void> leave() {
        ConsumerGroupHeartbeatRequest request;
        CompletableFuture<Void> previous;
        synchronized (this) {
            // A join still on its way must reach the broker first, or the leave would find no
            // member and the join would then add one that nobody heartbeats for.
            previous = heartbeatDone;
            String id = memberId;
            boolean member = (state == State.JOINING || state == State.STABLE) && id != null;
            reset();
            if (!member) {
                return CompletableFuture.completedFuture(null);
            }
            request = leaveRequest(id);
            log.info("leaving group {} as member {}", groupId, id);
        }
        return previous.thenCompose(ignored -> network.send(ApiKey.CONSUMER_GROUP_HEARTBEAT, request,
                ConsumerGroupHeartbeatResponse::read))
                .handle((response, failure) -> {
                    if (failure != null) {
                        log.debug("leaving group {} failed; the broker will remove the member after its session"
                                + " timeout: {}", groupId, failure.getMessage());
                    }
                    return null;
                });
    }

    private void reset() {
        state = State.UNSUBSCRIBED;
        memberId = null;
        memberEpoch = ConsumerGroupHeartbeatRequest.JOIN_EPOCH;
        owned = Set.of();
        assignment = null;
        topics = List.of();
    }

    private ConsumerGroupHeartbeatRequest leaveRequest(String id) {
        return new ConsumerGroupHeartbeatRequest(groupId, id, ConsumerGroupHeartbeatRequest.LEAVE_EPOCH, -1, null,
                null, null);
    }

    /** For tests: stops heartbeating without leaving, as a consumer whose process hangs or dies. */
    public synchronized void stopHeartbeats() {
        stopped = true;
    }

    private void executeTick() {
        try {
            scheduler.execute(this::tickLoudly);
        } catch (RejectedExecutionException closed) {
            // closed: nothing more to send
        }
    }

    private void tickLoudly() {
        try {
            tick();
        } catch (RuntimeException | Error e) {
            log.error("heartbeat of group {} failed unexpectedly; trying again at the next interval", groupId, e);
        }
    }

    private void tick() {
        ConsumerGroupHeartbeatRequest request;
        CompletableFuture<Void> done;
        long now = System.nanoTime();
        synchronized (this) {
            if (stopped || inFlight || (state != State.JOINING && state != State.STABLE)) {
                return;
            }
            if (now - lastPollNanos > maxPollIntervalNanos && memberId != null) {
                log.warn("no poll of the consumer in group {} for more than max.poll.interval.ms ({} ms): leaving"
                        + " the group so that its partitions go to others; it rejoins at the next poll", groupId,
                        TimeUnit.NANOSECONDS.toMillis(maxPollIntervalNanos));
                request = leaveRequest(memberId);
                toFenced(true);
                network.send(ApiKey.CONSUMER_GROUP_HEARTBEAT, request, ConsumerGroupHeartbeatResponse::read);
                return;
            }
            if (!sendNow && now - nextHeartbeatNanos < 0) {
                return;
            }
            sendNow = false;
            inFlight = true;
            done = new CompletableFuture<>();
            heartbeatDone = done;
            request = new ConsumerGroupHeartbeatRequest(groupId, memberId, memberEpoch, rebalanceTimeoutMs,
                    topics, assignor, toLists(owned));
        }
        log.trace("heartbeat {}", request);
        network.send(ApiKey.CONSUMER_GROUP_HEARTBEAT, request, ConsumerGroupHeartbeatResponse::read)
                .whenComplete((response, failure) -> {
                    try {
                        onResponse(request, response, failure);
                    } finally {
                        done.complete(null);
                    }
                });
    }


    private void onResponse(ConsumerGroupHeartbeatRequest request, ConsumerGroupHeartbeatResponse response,
            Throwable failure) {
        boolean again;
        synchronized (this) {
            inFlight = false;
            long now = System.nanoTime();
            boolean current = (state == State.JOINING || state == State.STABLE)
                    && request.memberEpoch() == memberEpoch && Objects.equals(request.memberId(), memberId);
            if (!current) {
                // We left or were fenced meanwhile; this answer is about a membership that is over.
                again = sendNow;
            } else if (failure == null) {
                if (state == State.JOINING) {
                    log.info("joined group {} as member {} with epoch {}", groupId, response.memberId(),
                            response.memberEpoch());
                }
                memberId = response.memberId();
                if (response.memberEpoch() != memberEpoch && state == State.STABLE) {
                    log.debug("group {} member {}: epoch {} -> {}, assignment {}", groupId, memberId, memberEpoch,
                            response.memberEpoch(), response.assignment());
                }
                memberEpoch = response.memberEpoch();
                state = State.STABLE;
                if (response.assignment() != null) {
                    assignment = toSet(response.assignment());
                }
                intervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, response.heartbeatIntervalMs()));
                nextHeartbeatNanos = now + intervalNanos;
                again = sendNow;
            } else {
                Throwable cause = ConsumerNetwork.unwrap(failure);
                if (cause instanceof UnknownMemberIdException || cause instanceof FencedMemberEpochException) {
                    log.info("group {}: {}; rejoining at the next poll", groupId, cause.getMessage());
                    toFenced(cause instanceof UnknownMemberIdException);
                } else if (cause instanceof AuthorizationException || cause instanceof AuthenticationException) {
                    log.warn("heartbeat of group {} refused: {}", groupId, cause.getMessage());
                    refused = (BrookException) cause;
                    nextHeartbeatNanos = now + intervalNanos;
                } else {
                    boolean retriable = cause instanceof BrookException && ((BrookException) cause).retriable();
                    if (retriable) {
                        log.debug("heartbeat of group {} failed, trying again: {}", groupId, cause.getMessage());
                    } else {
                        log.warn("heartbeat of group {} failed, trying again: {}", groupId, cause.getMessage());
                    }
                    nextHeartbeatNanos = now + (retriable ? retryBackoffNanos : intervalNanos);
                }
                again = false;
            }
        }
        network.waiter().signal();
        if (again) {
            executeTick();
        }
    }

    private void toFenced(boolean forgetMemberId) {
        state = State.FENCED;
        if (forgetMemberId) {
            memberId = null;
        }
        memberEpoch = ConsumerGroupHeartbeatRequest.JOIN_EPOCH;
        assignment = null;
        sendNow = false;
    }

    private static Set<TopicPartition> toSet(List<TopicPartitions> lists) {
        Set<TopicPartition> set = new HashSet<>();
        for (TopicPartitions topic : lists) {
            for (int partition : topic.partitions()) {
                set.add(new TopicPartition(topic.topic(), partition));
            }
        }
        return Collections.unmodifiableSet(set);
    }

    private static List<TopicPartitions> toLists(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<TopicPartitions> lists = new ArrayList<>();
        byTopic.forEach((topic, numbers) -> {
            Collections.sort(numbers);
            lists.add(new TopicPartitions(topic, numbers));
        });
        return lists;
    }

    /** Stops the heartbeat thread; does not leave (see {@link #leave()}). Idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
