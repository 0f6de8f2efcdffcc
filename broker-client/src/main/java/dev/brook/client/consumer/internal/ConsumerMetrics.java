package dev.brook.client.consumer.internal;

import dev.brook.protocol.TopicPartition;

/**
 * What the consumer tells its metrics. {@link #NONE} does nothing and is what a consumer without a
 * meter registry uses, so that it never loads a metrics class; the Micrometer implementation is
 * {@code MicrometerConsumerMetrics}, made only when the application gives a registry.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ConsumerMetrics extends AutoCloseable {
    /** Records nothing. */
    ConsumerMetrics NONE = new ConsumerMetrics() {
    };

    /**
     * The metrics for a consumer: {@link #NONE} without a registry, else meters in {@code registry}
     * (a Micrometer {@code MeterRegistry}, typed Object so that this interface never needs Micrometer).
     */
    static ConsumerMetrics of(Object registry, String clientId) {
        return registry == null ? NONE : MicrometerConsumerMetrics.create(registry, clientId);
    }

    /** A fetch request was answered (or failed) {@code nanos} after it was sent. */
    default void fetchCompleted(long nanos, boolean failed) {
    }

    /** {@code count} records of {@code partition} were handed to the application by poll. */
    default void consumed(TopicPartition partition, int count) {
    }

    /** The partition's lag as the consumer sees it: the log end offset last fetched minus its position. */
    default void lag(TopicPartition partition, long lag) {
    }

    /** Unregisters the meters. */
    @Override
    default void close() {
    }
}
