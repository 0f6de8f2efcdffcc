package dev.brook.server.network;

/**
 * Told the errors a response carries, by the name of their error code: how request metrics count
 * errors without a protocol knowing about metrics. Names are the protocol's constants (Brook's
 * {@code ErrorCode} names, Kafka's {@code Errors} names), never built per response, so a sink can
 * use them as map keys without allocating.
 *
 * <p>Implementations must be thread-safe: responses of different connections report concurrently.
 */
@FunctionalInterface
public interface ErrorSink {
    /** Counts one error; never called with {@code "NONE"}. */
    void error(String name);
}
