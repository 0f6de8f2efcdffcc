package dev.brook.client.consumer;

/**
 * An offset to commit for a partition, or one committed: the offset of the next record to consume
 * (not of the last one consumed), with free-form metadata stored beside it (may be null).
 * Immutable.
 */
public record OffsetAndMetadata(long offset, String metadata) {
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("a committed offset must not be negative, got " + offset);
        }
    }

    /** An offset without metadata. */
    public OffsetAndMetadata(long offset) {
        this(offset, null);
    }
}
