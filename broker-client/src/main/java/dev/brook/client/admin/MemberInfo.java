package dev.brook.client.admin;

import dev.brook.protocol.TopicPartition;
import java.util.Objects;
import java.util.Set;

/**
 * A member of a consumer group as {@link Admin#describeGroups} describes it: the id the broker
 * gave it, the client id of its last heartbeat (empty if it sent none), its epoch and the
 * partitions it was last assigned. Immutable.
 */
public record MemberInfo(String memberId, String clientId, int memberEpoch, Set<TopicPartition> assignment) {
    public MemberInfo {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(clientId, "clientId");
        assignment = Set.copyOf(assignment);
    }
}
