package dev.brook.client.producer;

import dev.brook.protocol.record.Header;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: the topic, optionally the partition (otherwise the key decides, or the
 * producer's sticky choice for records without a key), optionally the timestamp (otherwise the
 * time of {@code send}), the key, the value and headers. Immutable.
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestamp, K key, V value,
        List<Header> headers) {
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, got " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative, got " + timestamp);
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, List.of());
    }

    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, List.of());
    }

    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, List.of());
    }
}
