package dev.brook.client.producer;

/**
 * Where a sent record was stored: its topic, partition and offset (-1 when sent with acks=0, which
 * gets no answer), and its timestamp (the broker's append time for {@code LogAppendTime} topics).
 * Immutable.
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp, int serializedKeySize,
        int serializedValueSize) {
}
