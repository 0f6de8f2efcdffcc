package dev.brook.client.consumer;

import dev.brook.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The records one {@link Consumer#poll poll} returned, grouped by partition. Within a partition
 * they are in offset order; iteration goes partition by partition. Immutable.
 */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    private static final ConsumerRecords<Object, Object> EMPTY = new ConsumerRecords<>(Map.of());

    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records;
    private final int count;

    /** Records by partition; the lists are copied, empty ones left out. */
    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> copy = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<TopicPartition, List<ConsumerRecord<K, V>>> entry : records.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                copy.put(Objects.requireNonNull(entry.getKey(), "partition"), List.copyOf(entry.getValue()));
                total += entry.getValue().size();
            }
        }
        this.records = Collections.unmodifiableMap(copy);
        this.count = total;
    }

    /** No records. */
    @SuppressWarnings("unchecked")
    public static <K, V> ConsumerRecords<K, V> empty() {
        return (ConsumerRecords<K, V>) EMPTY;
    }

    /** The records of one partition, in offset order; empty if it returned none. */
    public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
        return records.getOrDefault(partition, List.of());
    }

    /** The records of every partition of one topic, partition by partition. */
    public List<ConsumerRecord<K, V>> records(String topic) {
        List<ConsumerRecord<K, V>> ofTopic = new ArrayList<>();
        records.forEach((partition, list) -> {
            if (partition.topic().equals(topic)) {
                ofTopic.addAll(list);
            }
        });
        return Collections.unmodifiableList(ofTopic);
    }

    /** The partitions that returned records. */
    public Set<TopicPartition> partitions() {
        return records.keySet();
    }

    /** The number of records. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        return records.values().stream().flatMap(List::stream).iterator();
    }

    @Override
    public String toString() {
        return "ConsumerRecords(" + count + " records from " + records.keySet() + ")";
    }
}
