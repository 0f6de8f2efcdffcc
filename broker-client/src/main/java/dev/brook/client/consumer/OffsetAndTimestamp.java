package dev.brook.client.consumer;

/**
 * What {@link Consumer#offsetsForTimes} finds for a partition: the offset of the first record
 * whose timestamp is at or after the time asked for, and that record's own timestamp (ms since
 * the epoch). Immutable.
 */
public record OffsetAndTimestamp(long offset, long timestamp) {
    public OffsetAndTimestamp {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }
}
