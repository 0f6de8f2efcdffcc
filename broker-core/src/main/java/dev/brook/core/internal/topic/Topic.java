package dev.brook.core.internal.topic;

import dev.brook.core.TopicConfig;
import dev.brook.core.TopicTraffic;
import dev.brook.core.internal.log.PartitionLog;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A topic in memory: its id, its config and the logs of its partitions.
 *
 * <p>Thread-safe: the partition array and config are replaced whole (copy on write) by topic
 * administration, which the broker serializes, and read without locks by appends and reads.
 */
public final class Topic {
    private final String name;
    private final UUID id;
    private volatile PartitionLog[] partitions;
    private volatile TopicConfig config;
    private final TopicTraffic traffic;

    public Topic(String name, UUID id, TopicConfig config, List<PartitionLog> partitions, TopicTraffic traffic) {
        this.traffic = traffic;
        this.name = name;
        this.id = id;
        this.config = config;
        this.partitions = partitions.toArray(new PartitionLog[0]);
    }

    public String name() {
        return name;
    }

    public UUID id() {
        return id;
    }

    /** What the topic has taken in and handed out since the broker opened. */
    public TopicTraffic traffic() {
        return traffic;
    }

    public TopicConfig config() {
        return config;
    }

    public int partitionCount() {
        return partitions.length;
    }

    /** The partition's log, or null when the topic has no such partition. */
    public PartitionLog partition(int partition) {
        PartitionLog[] current = partitions;
        return partition >= 0 && partition < current.length ? current[partition] : null;
    }

    public List<PartitionLog> partitions() {
        return List.of(partitions);
    }

    /** Adds logs for new partitions at the end. Called under the broker's admin lock. */
    public void addPartitions(List<PartitionLog> added) {
        PartitionLog[] current = partitions;
        PartitionLog[] grown = Arrays.copyOf(current, current.length + added.size());
        for (int i = 0; i < added.size(); i++) {
            grown[current.length + i] = added.get(i);
        }
        partitions = grown;
    }

    /** Applies a new config to the topic and each of its logs. Called under the broker's admin lock. */
    public void updateConfig(TopicConfig newConfig) {
        config = newConfig;
        for (PartitionLog log : partitions) {
            log.updateConfig(newConfig);
        }
    }
}
