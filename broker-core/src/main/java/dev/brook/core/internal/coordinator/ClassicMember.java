package dev.brook.core.internal.coordinator;

import dev.brook.core.ClassicGroups.JoinRequest;
import dev.brook.core.ClassicGroups.JoinResult;
import dev.brook.core.ClassicGroups.Protocol;
import dev.brook.core.ClassicGroups.SyncResult;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A member of a classic group: what it joined with, what it was assigned, and the join or sync
 * request it is waiting in, if any.
 *
 * <p>Not thread-safe: guarded by the monitor of its {@link ClassicGroup}.
 */
final class ClassicMember {
    /** Replaced when a static member joins again as a new member (KIP-345). */
    String memberId;
    final String groupInstanceId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    String protocolType;
    List<Protocol> protocols;
    byte[] assignment = new byte[0];
    long lastHeartbeatMs;
    /** The join request this member waits in for the rebalance to complete, or null. */
    CompletableFuture<JoinResult> awaitingJoin;
    /** The sync request this member waits in for the leader's assignment, or null. */
    CompletableFuture<SyncResult> awaitingSync;

    ClassicMember(String memberId, JoinRequest request, long now) {
        this.memberId = memberId;
        this.groupInstanceId = request.groupInstanceId();
        this.lastHeartbeatMs = now;
        update(request);
    }

    /** Takes what a (re)join says about the member. */
    void update(JoinRequest request) {
        clientId = request.clientId();
        clientHost = request.clientHost();
        sessionTimeoutMs = request.sessionTimeoutMs();
        // JoinGroup v0 has no rebalance timeout: the session timeout stood for both.
        rebalanceTimeoutMs = request.rebalanceTimeoutMs() > 0 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
        protocolType = request.protocolType();
        protocols = request.protocols();
    }

    /** Whether the member supports these protocols with this very metadata, in this order. */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !Arrays.equals(other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    /** The member's metadata for the protocol, or null if it does not support it. */
    byte[] metadata(String protocolName) {
        for (Protocol protocol : protocols) {
            if (protocol.name().equals(protocolName)) {
                return protocol.metadata();
            }
        }
        return null;
    }

    /** The member's most preferred protocol among the candidates. */
    String vote(Set<String> candidates) {
        for (Protocol protocol : protocols) {
            if (candidates.contains(protocol.name())) {
                return protocol.name();
            }
        }
        throw new IllegalStateException("member " + memberId + " supports none of the candidate protocols "
                + candidates);
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }
}
