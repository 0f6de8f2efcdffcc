package dev.brook.core;

/**
 * What an append did: the offsets the log assigned to the appended batches, the broker's
 * timestamp when the topic stamps {@code LogAppendTime} (-1 otherwise), and the log's start offset
 * at that moment.
 *
 * <p>When an idempotent producer retries batches the partition already holds, nothing is stored
 * again: the result is a {@linkplain #duplicate() duplicate} and its offsets, count and append time
 * are those of the original append, so the producer sees the answer it missed. Immutable.
 */
public final class AppendResult {
    private final long baseOffset;
    private final long lastOffset;
    private final long logAppendTime;
    private final long logStartOffset;
    private final int recordCount;
    private final boolean duplicate;

    /** The result of an append that stored its batches. */
    public AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset, int recordCount) {
        this(baseOffset, lastOffset, logAppendTime, logStartOffset, recordCount, false);
    }

    /** As {@link #AppendResult(long, long, long, long, int)}; {@code duplicate} as {@link #duplicate()}. */
    public AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset, int recordCount,
            boolean duplicate) {
        this.duplicate = duplicate;
        this.baseOffset = baseOffset;
        this.lastOffset = lastOffset;
        this.logAppendTime = logAppendTime;
        this.logStartOffset = logStartOffset;
        this.recordCount = recordCount;
    }

    /** The offset of the first appended record. */
    public long baseOffset() {
        return baseOffset;
    }

    /** The offset of the last appended record. */
    public long lastOffset() {
        return lastOffset;
    }

    /** The append time stamped on the batches, or -1 when the topic keeps producers' timestamps. */
    public long logAppendTime() {
        return logAppendTime;
    }

    /** The partition's first offset still stored. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** How many records were appended (for a duplicate: by the original append). */
    public int recordCount() {
        return recordCount;
    }

    /**
     * Whether the batches were an idempotent producer's retry of batches already stored: nothing
     * was written, and the offsets are the original ones.
     */
    public boolean duplicate() {
        return duplicate;
    }

    @Override
    public String toString() {
        return "AppendResult(baseOffset=" + baseOffset + ", lastOffset=" + lastOffset + ", records=" + recordCount
                + ", logAppendTime=" + logAppendTime + ", logStartOffset=" + logStartOffset
                + (duplicate ? ", duplicate" : "") + ")";
    }
}
