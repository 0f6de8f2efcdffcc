package dev.brook.server.kafka;

/**
 * How this broker presents itself to Kafka clients: its node id, the address they are told to
 * connect to (the Kafka listener's, known once it is bound), and its cluster id.
 *
 * <p>Implementations are thread-safe.
 */
public interface KafkaIdentity {
    int brokerId();

    String host();

    int port();

    String clusterId();
}
