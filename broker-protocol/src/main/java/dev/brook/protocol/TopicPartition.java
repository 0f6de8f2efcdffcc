package dev.brook.protocol;

import java.util.Objects;

/**
 * A topic name and a partition number: the address of one log. Immutable and thread-safe; usable
 * as a map key.
 */
public final class TopicPartition implements Comparable<TopicPartition> {
    private final String topic;
    private final int partition;

    public TopicPartition(String topic, int partition) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.partition = partition;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    @Override
    public int compareTo(TopicPartition other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicPartition)) {
            return false;
        }
        TopicPartition other = (TopicPartition) o;
        return partition == other.partition && topic.equals(other.topic);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + partition;
    }

    /** {@code topic-partition}, as Kafka prints it. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
