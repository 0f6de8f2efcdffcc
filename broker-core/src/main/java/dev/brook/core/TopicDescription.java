package dev.brook.core;

import java.util.List;
import java.util.UUID;

/**
 * A topic as it stands: its name, its id (which stays the same for the topic's life and differs
 * from that of a later topic of the same name), its effective configuration and each partition's
 * state. Immutable.
 */
public final class TopicDescription {
    private final String name;
    private final UUID topicId;
    private final TopicConfig config;
    private final List<PartitionDescription> partitions;

    public TopicDescription(String name, UUID topicId, TopicConfig config, List<PartitionDescription> partitions) {
        this.name = name;
        this.topicId = topicId;
        this.config = config;
        this.partitions = List.copyOf(partitions);
    }

    public String name() {
        return name;
    }

    public UUID topicId() {
        return topicId;
    }

    /** The effective settings; {@link TopicConfig#overrides()} are the ones set on this topic. */
    public TopicConfig config() {
        return config;
    }

    public List<PartitionDescription> partitions() {
        return partitions;
    }

    public int partitionCount() {
        return partitions.size();
    }

    @Override
    public String toString() {
        return "Topic(" + name + ", id=" + topicId + ", partitions=" + partitions + ", overrides=" + config.overrides()
                + ")";
    }
}
