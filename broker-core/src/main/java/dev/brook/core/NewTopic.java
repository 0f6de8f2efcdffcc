package dev.brook.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to create: a topic name, a partition count, a replication factor (which must be 1, or -1
 * for the default, on this single-node broker) and per-topic config overrides. Immutable; the
 * {@code with...} methods return copies.
 *
 * <pre>{@code
 * broker.createTopic(NewTopic.of("events", 3).withConfig(TopicConfig.RETENTION_MS, "3600000"));
 * }</pre>
 */
public final class NewTopic {
    /** Asks for the broker's default replication factor, which is 1. */
    public static final short DEFAULT_REPLICATION_FACTOR = -1;

    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final Map<String, String> configs;

    private NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        this.name = Objects.requireNonNull(name, "name");
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** A topic with {@code partitions} partitions, the default replication factor and no overrides. */
    public static NewTopic of(String name, int partitions) {
        return new NewTopic(name, partitions, DEFAULT_REPLICATION_FACTOR, Map.of());
    }

    /** A copy with one more config override. */
    public NewTopic withConfig(String key, String value) {
        Map<String, String> copy = new TreeMap<>(configs);
        copy.put(Objects.requireNonNull(key, "key"), value);
        return new NewTopic(name, partitions, replicationFactor, copy);
    }

    /** A copy with these config overrides added. */
    public NewTopic withConfigs(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(configs);
        copy.putAll(overrides);
        return new NewTopic(name, partitions, replicationFactor, copy);
    }

    /** A copy with this replication factor; anything but 1 or -1 is refused at creation. */
    public NewTopic withReplicationFactor(short factor) {
        return new NewTopic(name, partitions, factor, configs);
    }

    public String name() {
        return name;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public String toString() {
        return "NewTopic(" + name + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", configs=" + configs + ")";
    }
}
