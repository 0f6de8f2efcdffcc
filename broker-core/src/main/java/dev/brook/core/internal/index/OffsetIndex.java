package dev.brook.core.internal.index;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of one segment: which byte position of the segment's log file a batch
 * starts at, for one batch in every {@code index.interval.bytes} or so.
 *
 * <pre>
 *  entry (8 bytes):  relativeOffset int32 | position int32
 * </pre>
 *
 * {@code relativeOffset} is the batch's base offset minus the segment's base offset; both fields
 * increase strictly from entry to entry. The index is not checksummed: after a crash it is rebuilt
 * from the log rather than trusted (see {@link MappedIndex}).
 *
 * <p>Thread safety as {@link MappedIndex}: one writer, many concurrent lookups.
 */
public final class OffsetIndex extends MappedIndex {
    public static final int ENTRY_SIZE = 8;
    private static final int RELATIVE_OFFSET_OFFSET = 0;
    private static final int POSITION_OFFSET = RELATIVE_OFFSET_OFFSET + 4;

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /**
     * Records that the batch with base offset {@code offset} starts at {@code position}.
     *
     * @throws IllegalArgumentException if the offset does not fit relative to the base offset, or
     *     the entry would not come strictly after the last one
     * @throws IllegalStateException if the index is full
     */
    public void append(long offset, int position) {
        int relative = relativeOffset(offset);
        int count = entries();
        if (count > 0) {
            long lastOffset = lastOffset();
            int lastPosition = readLocked(buffer -> buffer.getInt((count - 1) * ENTRY_SIZE + POSITION_OFFSET));
            if (offset <= lastOffset || position <= lastPosition) {
                throw new IllegalArgumentException("index entry (offset " + offset + ", position " + position
                        + ") does not follow the last one (offset " + lastOffset + ", position " + lastPosition
                        + ") in " + file());
            }
        }
        appendEntry((buffer, at) -> {
            buffer.putInt(at + RELATIVE_OFFSET_OFFSET, relative);
            buffer.putInt(at + POSITION_OFFSET, position);
        });
    }

    /** The largest indexed offset, or the base offset when the index is empty. */
    public long lastOffset() {
        int count = entries();
        if (count == 0) {
            return baseOffset();
        }
        return baseOffset() + readLocked(buffer -> buffer.getInt((count - 1) * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET));
    }

    /**
     * The position of the last indexed batch whose base offset is at most {@code targetOffset}: a
     * scan from there reaches the batch holding the target. 0 when no entry is that small.
     */
    public int floorPosition(long targetOffset) {
        if (targetOffset < baseOffset()) {
            // Compared before subtracting: targetOffset - baseOffset() overflows near Long.MIN_VALUE.
            return 0;
        }
        long relative = targetOffset - baseOffset();
        int count = entries();
        return readLocked(buffer -> {
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int midOffset = buffer.getInt(mid * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
                if (midOffset <= relative) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found == -1 ? 0 : buffer.getInt(found * ENTRY_SIZE + POSITION_OFFSET);
        });
    }

    /**
     * The largest indexed batch position that is at most {@code maxPosition}, or 0 when none is:
     * where to start looking for the last whole batch that ends before a byte limit.
     */
    public int floorPositionAtMost(int maxPosition) {
        int count = entries();
        return readLocked(buffer -> {
            int lo = 0;
            int hi = count - 1;
            int found = 0;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int position = buffer.getInt(mid * ENTRY_SIZE + POSITION_OFFSET);
                if (position <= maxPosition) {
                    found = position;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        });
    }

    @Override
    String checkEntries(MappedByteBuffer buffer, int count) {
        int previousOffset = -1;
        int previousPosition = -1;
        for (int i = 0; i < count; i++) {
            int relative = buffer.getInt(i * ENTRY_SIZE + RELATIVE_OFFSET_OFFSET);
            int position = buffer.getInt(i * ENTRY_SIZE + POSITION_OFFSET);
            if (relative <= previousOffset || position <= previousPosition || relative < 0 || position < 0) {
                return "offset index " + file() + " entry " + i + " (relative offset " + relative + ", position "
                        + position + ") does not follow entry " + (i - 1) + " (relative offset " + previousOffset
                        + ", position " + previousPosition + ")";
            }
            previousOffset = relative;
            previousPosition = position;
        }
        return null;
    }
}
