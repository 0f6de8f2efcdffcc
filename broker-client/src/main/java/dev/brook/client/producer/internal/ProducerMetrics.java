package dev.brook.client.producer.internal;

/**
 * What the producer tells its metrics. {@link #NONE} does nothing and is what a producer without
 * a meter registry uses, so that it never loads a metrics class; the Micrometer implementation is
 * {@code MicrometerProducerMetrics}, made only when the application gives a registry.
 *
 * <p>Implementations must be thread-safe: the sender thread and the network thread call them.
 */
public interface ProducerMetrics extends AutoCloseable {
    /** Records nothing. */
    ProducerMetrics NONE = new ProducerMetrics() {
    };

    /** One batch of {@code records} records, {@code bytes} long, is about to be sent. */
    default void batchSent(int bytes, int records) {
    }

    /** A produce request was answered (or failed) {@code nanos} after it was sent. */
    default void requestCompleted(long nanos, boolean failed) {
    }

    /**
     * The metrics for a producer: {@link #NONE} without a registry, else meters in {@code registry}
     * (a Micrometer {@code MeterRegistry}, typed Object so that this interface never needs Micrometer).
     */
    static ProducerMetrics of(Object registry, String clientId, BufferPool pool, long bufferMemory) {
        return registry == null ? NONE : MicrometerProducerMetrics.create(registry, clientId, pool, bufferMemory);
    }

    /** Unregisters the meters. */
    @Override
    default void close() {
    }
}
