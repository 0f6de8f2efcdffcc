package dev.brook.core;

/**
 * Told after every flush (fsync) of a partition log, with what caused it and how long it took, so
 * that a server can publish flush latency without the storage engine knowing about metrics.
 * Register one with {@link Broker#addFlushListener}.
 *
 * <p>Called on the thread that flushed, which for {@link Cause#APPEND} is an appending request's
 * thread, right after the fsync and before the append is acknowledged: implementations must be
 * thread-safe, quick and must not block.
 */
@FunctionalInterface
public interface FlushListener {
    /** Why a log was flushed. */
    enum Cause {
        /**
         * On the append path: {@code flush.messages} was reached, so the append waited for the
         * fsync (appends arriving meanwhile share it: group commit), or a producer's retry waited
         * for the fsync of the original.
         */
        APPEND,
        /** In the background, after a segment roll, to make the closed segment durable. */
        ROLL,
        /** By the background flusher, because unflushed data was older than {@code flush.ms}. */
        INTERVAL,
        /** Asked for: {@link Broker#flush()}, or the final flush of a clean shutdown. */
        REQUESTED
    }

    /** A log was flushed for {@code cause}; the fsyncs took {@code nanos} nanoseconds. */
    void onFlush(Cause cause, long nanos);
}
