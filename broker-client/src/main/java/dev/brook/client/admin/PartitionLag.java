package dev.brook.client.admin;

/**
 * How far a consumer group has read one partition: its committed offset (the next offset to read),
 * the partition's log end offset, and the lag, {@code logEndOffset - committedOffset}.
 * {@code committedOffset} and {@code lag} are {@link #NO_OFFSET} (-1) when the group has committed
 * nothing for the partition. Immutable.
 */
public record PartitionLag(long committedOffset, long logEndOffset, long lag) {
    /** The committed offset and lag of a partition the group has committed nothing for. */
    public static final long NO_OFFSET = -1L;

    /** Whether the group has committed an offset for the partition. */
    public boolean hasCommittedOffset() {
        return committedOffset != NO_OFFSET;
    }
}
