package dev.brook.core;

/**
 * An idempotent producer's identity as {@link Broker#initProducerId()} hands it out: a producer id
 * that the broker never hands out again, and the epoch of the instance that holds it. Every batch
 * the producer writes carries both; a partition refuses batches with an epoch older than the
 * newest it has seen for the id, so bumping the epoch fences an older instance.
 *
 * <p>Immutable and thread-safe.
 *
 * @param producerId the id, at least 0
 * @param epoch the epoch, 0 for a new id
 */
public record ProducerIdAndEpoch(long producerId, short epoch) {
    public ProducerIdAndEpoch {
        if (producerId < 0) {
            throw new IllegalArgumentException("a producer id must not be negative, got " + producerId);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("a producer epoch must not be negative, got " + epoch
                    + " for producer id " + producerId);
        }
    }
}
