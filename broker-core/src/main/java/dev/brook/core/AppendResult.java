package dev.brook.core;

/**
 * What an append did: the offsets the log assigned to the appended batches, the broker's
 * timestamp when the topic stamps {@code LogAppendTime} (-1 otherwise), and the log's start offset
 * at that moment. Immutable.
 */
public final class AppendResult {
    private final long baseOffset;
    private final long lastOffset;
    private final long logAppendTime;
    private final long logStartOffset;
    private final int recordCount;

    public AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset, int recordCount) {
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

    /** How many records were appended. */
    public int recordCount() {
        return recordCount;
    }

    @Override
    public String toString() {
        return "AppendResult(baseOffset=" + baseOffset + ", lastOffset=" + lastOffset + ", records=" + recordCount
                + ", logAppendTime=" + logAppendTime + ", logStartOffset=" + logStartOffset + ")";
    }
}
