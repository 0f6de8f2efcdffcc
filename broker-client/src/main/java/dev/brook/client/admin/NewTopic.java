package dev.brook.client.admin;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic to create: name, partition count, replication factor (1, or -1 for the broker's default)
 * and config overrides by Kafka's topic config names. Immutable; {@code with...} returns a copy.
 */
public record NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public NewTopic {
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
    }

    /** A topic with the default replication factor and no overrides. */
    public static NewTopic of(String name, int partitions) {
        return new NewTopic(name, partitions, (short) -1, Map.of());
    }

    public NewTopic withConfig(String key, String value) {
        Map<String, String> copy = new TreeMap<>(configs);
        copy.put(key, value);
        return new NewTopic(name, partitions, replicationFactor, copy);
    }

    public NewTopic withConfigs(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(configs);
        copy.putAll(overrides);
        return new NewTopic(name, partitions, replicationFactor, copy);
    }

    public NewTopic withReplicationFactor(short factor) {
        return new NewTopic(name, partitions, factor, configs);
    }
}
