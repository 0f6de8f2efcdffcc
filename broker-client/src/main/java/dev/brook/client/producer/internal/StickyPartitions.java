package dev.brook.client.producer.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The partition that records without a key go to: one per topic, kept until its batch is full, so
 * keyless records fill whole batches instead of spreading thin ones over every partition (Kafka's
 * sticky partitioning). Thread-safe.
 */
public final class StickyPartitions {
    private final Map<String, Integer> current = new ConcurrentHashMap<>();

    public int partition(String topic, int partitions) {
        Integer chosen = current.get(topic);
        if (chosen == null || chosen >= partitions) {
            chosen = ThreadLocalRandom.current().nextInt(partitions);
            Integer raced = current.putIfAbsent(topic, chosen);
            if (raced != null && raced < partitions) {
                chosen = raced;
            } else {
                current.put(topic, chosen);
            }
        }
        return chosen;
    }

    /** Moves the topic on from {@code previous}, to another partition when there is one. */
    public int next(String topic, int partitions, int previous) {
        int chosen = partitions == 1 ? 0 : ThreadLocalRandom.current().nextInt(partitions - 1);
        if (partitions > 1 && chosen >= previous) {
            chosen++;
        }
        current.put(topic, chosen);
        return chosen;
    }
}
