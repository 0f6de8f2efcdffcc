package dev.brook.client.consumer;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.record.Header;
import dev.brook.protocol.record.TimestampType;
import java.util.List;
import java.util.Objects;

/**
 * One record as a {@link Consumer} returns it: where it is (topic, partition, offset), its
 * timestamp and whose clock that is, the deserialized key and value, its headers, and the sizes
 * of the key and value bytes before deserialization (-1 for a null key or value). Immutable if the
 * key and value are.
 */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp,
        TimestampType timestampType, int serializedKeySize, int serializedValueSize, K key, V value,
        List<Header> headers) {
    /** A null size: the key or value is null. */
    public static final int NULL_SIZE = -1;

    public ConsumerRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestampType, "timestampType");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** The topic and partition together. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
