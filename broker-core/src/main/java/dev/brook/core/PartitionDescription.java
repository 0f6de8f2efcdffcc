package dev.brook.core;

/**
 * The state of one partition's log at the moment it was described. Immutable.
 */
public final class PartitionDescription {
    private final int partition;
    private final long logStartOffset;
    private final long logEndOffset;
    private final long sizeInBytes;
    private final int segmentCount;

    public PartitionDescription(int partition, long logStartOffset, long logEndOffset, long sizeInBytes,
            int segmentCount) {
        this.partition = partition;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
        this.sizeInBytes = sizeInBytes;
        this.segmentCount = segmentCount;
    }

    public int partition() {
        return partition;
    }

    /** The first offset still stored. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next record will get. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** Bytes stored in all segments. */
    public long sizeInBytes() {
        return sizeInBytes;
    }

    public int segmentCount() {
        return segmentCount;
    }

    @Override
    public String toString() {
        return "Partition(" + partition + ", offsets " + logStartOffset + ".." + logEndOffset + ", " + sizeInBytes
                + " bytes in " + segmentCount + " segments)";
    }
}
