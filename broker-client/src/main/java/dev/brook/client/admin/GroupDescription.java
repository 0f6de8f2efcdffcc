package dev.brook.client.admin;

import dev.brook.protocol.TopicPartition;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A consumer group as {@link Admin#describeGroups} describes it: its state, the server-side
 * assignor it uses (null while it has no members), its epoch, its members, and for every partition
 * it has committed an offset for or assigned to a member, how far it has read it. The offsets are
 * sorted by topic and partition. Immutable.
 */
public record GroupDescription(String groupId, String state, String assignor, int groupEpoch,
        List<MemberInfo> members, Map<TopicPartition, PartitionLag> offsets) {
    public GroupDescription {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(state, "state");
        members = List.copyOf(members);
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /** The member assigned {@code partition}, or null when no member is. */
    public MemberInfo owner(TopicPartition partition) {
        for (MemberInfo member : members) {
            if (member.assignment().contains(partition)) {
                return member;
            }
        }
        return null;
    }
}
