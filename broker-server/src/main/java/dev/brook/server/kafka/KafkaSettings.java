package dev.brook.server.kafka;

/**
 * The settings of the Kafka listener's behaviour that differ from Brook's own protocol: whether
 * Metadata creates missing topics ({@code auto.create.topics.enable}) and with how many partitions
 * ({@code num.partitions}). Immutable.
 */
public record KafkaSettings(boolean autoCreateTopics, int defaultPartitions) {
    public KafkaSettings {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("num.partitions must be at least 1, got " + defaultPartitions);
        }
    }
}
