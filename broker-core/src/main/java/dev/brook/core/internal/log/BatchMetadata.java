package dev.brook.core.internal.log;

/**
 * What a partition remembers of one batch of an idempotent producer: its sequence range, the
 * offsets it was stored at, and its timestamp (the append time for {@code LogAppendTime} topics).
 * Enough to recognise a retry of the batch and to answer it with the original offsets.
 * Immutable.
 *
 * @param firstSeq the batch's base sequence
 * @param lastSeq its last sequence, {@code firstSeq + lastOffsetDelta} modulo 2<sup>31</sup>
 * @param firstOffset the offset of its first record
 * @param lastOffset the offset of its last record
 * @param timestamp its max timestamp as stored
 */
record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
    /**
     * The sequence {@code increment} after {@code sequence}: sequences run from 0 to
     * {@link Integer#MAX_VALUE} and then wrap to 0, as Kafka's producers number them.
     */
    static int addToSequence(int sequence, int increment) {
        return (int) (((long) sequence + increment) % (1L + Integer.MAX_VALUE));
    }

    boolean hasSequenceRange(int first, int last) {
        return firstSeq == first && lastSeq == last;
    }
}
