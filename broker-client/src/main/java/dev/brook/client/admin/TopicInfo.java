package dev.brook.client.admin;

import java.util.List;
import java.util.UUID;

/**
 * A topic as the broker described it: name, id and each partition's leader and offsets. Immutable.
 */
public record TopicInfo(String name, UUID topicId, List<PartitionInfo> partitions) {
    public TopicInfo {
        partitions = List.copyOf(partitions);
    }

    /** One partition: its leader (this single broker) and the offsets it holds. */
    public record PartitionInfo(int partition, int leaderId, long logStartOffset, long logEndOffset) {
    }
}
