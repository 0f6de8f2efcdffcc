package dev.brook.core.internal.index;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The sparse time index of one segment: for some offsets, the largest record timestamp seen in the
 * segment up to and including that offset.
 *
 * <pre>
 *  entry (12 bytes):  timestamp int64 | relativeOffset int32
 * </pre>
 *
 * Timestamps increase strictly and offsets never decrease from entry to entry. An entry
 * {@code (T, O)} says that no record at an offset up to {@code O} has a timestamp above
 * {@code T}. When its segment is closed the index gets a final entry with the segment's largest
 * timestamp, which a clean restart reads back. Not checksummed: rebuilt after a crash.
 *
 * <p>Thread safety as {@link MappedIndex}: one writer, many concurrent lookups.
 */
public final class TimeIndex extends MappedIndex {
    public static final int ENTRY_SIZE = 12;
    private static final int TIMESTAMP_OFFSET = 0;
    private static final int RELATIVE_OFFSET_OFFSET = TIMESTAMP_OFFSET + 8;
    /** What {@link #lastTimestamp()} answers for an empty index. */
    public static final long NO_TIMESTAMP = -1L;

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /**
     * Appends {@code (timestamp, offset)} if the timestamp is larger than the last entry's and the
     * index has room; otherwise does nothing. Returns whether it appended.
     */
    public boolean maybeAppend(long timestamp, long offset) {
        int relative = relativeOffset(offset);
        if (isFull()) {
            return false;
        }
        int count = entries();
        if (count > 0 && (timestamp <= lastTimestamp() || offset < lastOffset())) {
            return false;
        }
        appendEntry((buffer, at) -> {
            buffer.putLong(at + TIMESTAMP_OFFSET, timestamp);
            buffer.putInt(at + RELATIVE_OFFSET_OFFSET, relative);
        });
        return true;
    }

    /** The last entry's timestamp, or {@link #NO_TIMESTAMP} when empty. */
    public long lastTimestamp() {
        int count = entries();
        if (count == 0) {
            return NO_TIMESTAMP;
        }
        return readLocked(buffer -> buffer.getLong((count - 1) * ENTRY_SIZE + TIMESTAMP_OFFSET));
    }

    /** The last entry's offset, or the base offset when empty. */
    public long lastOffset() {
        int count = entries();
        if (count == 0) {
            return baseOffset();
        }
        return baseOffset() + readLocked(buffer -> buffer.getInt((count - 1) * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET));
    }

    /**
     * An offset at or before the first record whose timestamp is at least {@code targetTimestamp}:
     * the offset of the last entry whose timestamp is strictly below the target (every record up
     * to it is older than the target), or the base offset when there is none.
     */
    public long offsetBefore(long targetTimestamp) {
        int count = entries();
        return readLocked(buffer -> {
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (buffer.getLong(mid * ENTRY_SIZE + TIMESTAMP_OFFSET) < targetTimestamp) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found == -1 ? baseOffset()
                    : baseOffset() + buffer.getInt(found * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
        });
    }

    @Override
    String checkEntries(MappedByteBuffer buffer, int count) {
        long previousTimestamp = Long.MIN_VALUE;
        int previousOffset = -1;
        for (int i = 0; i < count; i++) {
            long timestamp = buffer.getLong(i * ENTRY_SIZE + TIMESTAMP_OFFSET);
            int relative = buffer.getInt(i * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
            if (timestamp <= previousTimestamp || relative < previousOffset || relative < 0) {
                return "time index " + file() + " entry " + i + " (timestamp " + timestamp + ", relative offset "
                        + relative + ") does not follow entry " + (i - 1) + " (timestamp " + previousTimestamp
                        + ", relative offset " + previousOffset + ")";
            }
            previousTimestamp = timestamp;
            previousOffset = relative;
        }
        return null;
    }
}
