package dev.brook.core.internal.log;

import dev.brook.core.internal.index.OffsetIndex;
import dev.brook.core.internal.index.TimeIndex;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.CompressionType;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One segment of a partition log: a file of record batches laid end to end, starting at
 * {@link #baseOffset()}, with its sparse {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <p>Only the log's active segment is appended to, and only by the partition's single writer
 * (which holds the log's append lock). Readers run concurrently and never block it: they read
 * the file with positional reads up to a byte limit that the log published after the bytes were
 * written, so they never see a partial batch. Once the segment is rolled it never changes again,
 * except for deletion by retention.
 *
 * <p>Not thread-safe beyond that contract: writer methods ({@link #append}, {@link #recover},
 * {@link #onBecomeInactive}, {@link #close}) are called by one thread at a time.
 */
final class LogSegment implements AutoCloseable {
    /**
     * Time index slots that appends leave free for the final entry {@link #onBecomeInactive()}
     * writes: the segment's largest timestamp, which a restart reads back and retention goes by.
     */
    private static final int FINAL_TIME_ENTRY_SLOTS = 1;

    private final long baseOffset;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private Path logFile;
    /** Bytes of whole batches in the file; written by the writer, read by everyone. */
    private volatile int size;
    /** Largest record timestamp in the segment; written by the writer, read by retention and lookups. */
    private volatile long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestampSoFar;
    private long firstBatchTimestamp = RecordBatch.NO_TIMESTAMP;
    private int bytesSinceLastIndexEntry;
    private boolean closed;
    /** The prefix of the file whose batches are known to pass their CRC; reads beyond it check first. */
    private final VerifiedRegion verified = new VerifiedRegion();

    private LogSegment(Path dir, long baseOffset, int maxIndexSize, boolean create) throws IOException {
        this.baseOffset = baseOffset;
        this.logFile = SegmentFiles.logFile(dir, baseOffset);
        if (create) {
            channel = FileChannel.open(logFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } else {
            channel = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        OffsetIndex offsets = null;
        try {
            offsets = new OffsetIndex(SegmentFiles.indexFile(dir, baseOffset), baseOffset, maxIndexSize);
            this.offsetIndex = offsets;
            this.timeIndex = new TimeIndex(SegmentFiles.timeIndexFile(dir, baseOffset), baseOffset, maxIndexSize);
        } catch (RuntimeException e) {
            if (offsets != null) {
                offsets.close();
            }
            channel.close();
            if (create) {
                Files.deleteIfExists(logFile);
                Files.deleteIfExists(SegmentFiles.indexFile(dir, baseOffset));
                Files.deleteIfExists(SegmentFiles.timeIndexFile(dir, baseOffset));
            }
            throw e;
        }
        this.size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        if (timeIndex.entries() > 0) {
            this.maxTimestampSoFar = timeIndex.lastTimestamp();
            this.offsetOfMaxTimestampSoFar = timeIndex.lastOffset();
        }
    }

    /** Creates the files of a new, empty segment. */
    static LogSegment create(Path dir, long baseOffset, int maxIndexSize) throws IOException {
        return new LogSegment(dir, baseOffset, maxIndexSize, true);
    }

    /** Opens an existing segment as its files are; call {@link #sanityCheck()} or {@link #recover} next. */
    static LogSegment open(Path dir, long baseOffset, int maxIndexSize) throws IOException {
        return new LogSegment(dir, baseOffset, maxIndexSize, false);
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return size;
    }

    FileChannel channel() {
        return channel;
    }

    /**
     * Checks the batches from {@code startPosition} to {@code endPosition} (batch boundaries)
     * against their CRCs unless they are known to be good, so that a region about to be sent holds
     * no damaged batch.
     *
     * @throws dev.brook.protocol.errors.CorruptRecordException if one is damaged
     */
    void verify(int startPosition, int endPosition) throws IOException {
        verified.verify(startPosition, endPosition, channel, logFile, baseOffset);
    }

    Path logFile() {
        return logFile;
    }

    /** The largest record timestamp, or the file's modification time when no batch carries one. */
    long largestTimestamp() {
        long max = maxTimestampSoFar;
        if (max >= 0) {
            return max;
        }
        try {
            return Files.getLastModifiedTime(logFile).toMillis();
        } catch (IOException e) {
            return System.currentTimeMillis();
        }
    }

    long maxTimestampSoFar() {
        return maxTimestampSoFar;
    }

    /** The offset of the batch holding {@link #maxTimestampSoFar()}; read under the append lock to pair them. */
    long offsetOfMaxTimestampSoFar() {
        return offsetOfMaxTimestampSoFar;
    }

    /** Whether either index has no room for another entry (but the final one), which forces a roll. */
    boolean indexesFull() {
        return offsetIndex.isFull() || timeIndex.remainingEntries() <= FINAL_TIME_ENTRY_SLOTS;
    }

    /** The timestamp a time-based roll is measured from: the first batch's max timestamp, or -1. */
    long firstBatchTimestamp() throws IOException {
        if (firstBatchTimestamp == RecordBatch.NO_TIMESTAMP && size > 0) {
            BatchHeaderReader reader = new BatchHeaderReader(channel);
            if (reader.readAt(0, size)) {
                firstBatchTimestamp = reader.maxTimestamp();
            }
        }
        return firstBatchTimestamp;
    }

    /**
     * Appends batches whose offsets the log has assigned, then indexes them. Writer only.
     *
     * @param records whole, validated batches from position to limit; not consumed
     */
    void append(ByteBuffer records, int indexIntervalBytes) throws IOException {
        int start = size;
        int offsetEntries = offsetIndex.entries();
        int timeEntries = timeIndex.entries();
        long previousMaxTimestamp = maxTimestampSoFar;
        long previousOffsetOfMaxTimestamp = offsetOfMaxTimestampSoFar;
        long previousFirstBatchTimestamp = firstBatchTimestamp;
        int previousBytesSinceIndexEntry = bytesSinceLastIndexEntry;
        try {
            ByteBuffer toWrite = records.duplicate();
            long position = start;
            while (toWrite.hasRemaining()) {
                position += channel.write(toWrite, position);
            }
            int batchStart = records.position();
            while (batchStart < records.limit()) {
                RecordBatch batch = RecordBatch.wrap(records, batchStart);
                int batchSize = batch.sizeInBytes();
                indexBatch(batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(),
                        start + (batchStart - records.position()), batchSize, indexIntervalBytes);
                batchStart += batchSize;
            }
            size = (int) position;
            verified.appended(start, size);
        } catch (IOException | RuntimeException | Error e) {
            // Undo whatever part of the append reached the file or the indexes, so that nothing
            // unacknowledged survives to be read after a restart.
            offsetIndex.truncateToEntries(offsetEntries);
            timeIndex.truncateToEntries(timeEntries);
            maxTimestampSoFar = previousMaxTimestamp;
            offsetOfMaxTimestampSoFar = previousOffsetOfMaxTimestamp;
            firstBatchTimestamp = previousFirstBatchTimestamp;
            bytesSinceLastIndexEntry = previousBytesSinceIndexEntry;
            try {
                channel.truncate(start);
            } catch (IOException truncateFailure) {
                e.addSuppressed(truncateFailure);
                throw new SegmentDamagedException("could not undo a failed append to " + logFile + " at position "
                        + start, e);
            }
            throw e;
        }
    }

    /** An append failed and could not be undone: the segment's file holds bytes beyond its size. */
    static final class SegmentDamagedException extends IOException {
        private static final long serialVersionUID = 1L;

        SegmentDamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How many more batches the indexes can take an entry for. */
    int indexSlotsLeft() {
        return Math.min(offsetIndex.remainingEntries(), timeIndex.remainingEntries() - FINAL_TIME_ENTRY_SLOTS);
    }

    private void indexBatch(long batchBase, long batchLast, long batchMaxTimestamp, int position, int batchSize,
            int indexIntervalBytes) {
        if (firstBatchTimestamp == RecordBatch.NO_TIMESTAMP && position == 0) {
            firstBatchTimestamp = batchMaxTimestamp;
        }
        if (batchMaxTimestamp > maxTimestampSoFar) {
            maxTimestampSoFar = batchMaxTimestamp;
            offsetOfMaxTimestampSoFar = batchLast;
        }
        if ((bytesSinceLastIndexEntry > indexIntervalBytes || indexIntervalBytes == 0) && !offsetIndex.isFull()) {
            // A full index only skips entries: the index is sparse, and the next append rolls.
            offsetIndex.append(batchBase, position);
            if (maxTimestampSoFar >= 0 && timeIndex.remainingEntries() > FINAL_TIME_ENTRY_SLOTS) {
                timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            }
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchSize;
    }

    /**
     * The position of the first batch before {@code limit} whose last offset is at least
     * {@code offset}, or -1 when there is none.
     */
    int findBatch(long offset, int limit, BatchHeaderReader reader) throws IOException {
        int position = offsetIndex.floorPosition(offset);
        while (reader.readAt(position, limit)) {
            if (reader.lastOffset() >= offset) {
                return position;
            }
            position = next(position, reader, limit);
        }
        return -1;
    }

    /**
     * The end of the whole batches that start at {@code start} and end no later than
     * {@code start + maxBytes} and {@code limit}; when even the first does not fit, the end of the
     * first batch if {@code minOneBatch}, else {@code start}.
     */
    int endOfBatchesWithin(int start, int maxBytes, int limit, boolean minOneBatch, BatchHeaderReader reader)
            throws IOException {
        long target = (long) start + maxBytes;
        if (limit <= target) {
            return limit;
        }
        int position = Math.max(start, offsetIndex.floorPositionAtMost((int) target));
        while (reader.readAt(position, limit)) {
            int next = next(position, reader, limit);
            if (next > target) {
                break;
            }
            position = next;
        }
        if (position == start && minOneBatch && reader.readAt(start, limit)) {
            return next(start, reader, limit);
        }
        return position;
    }

    /**
     * The offset that follows the batches ending at {@code end}, found from the header that
     * {@link #endOfBatchesWithin} left in {@code reader}, so that counting the records of a read
     * costs no read of its own: that header is either the batch that did not fit (which starts at
     * {@code end}) or the one batch returned (which ends there). {@code offsetAtLimit} is the
     * offset that follows the batches ending at {@code limit}. Reads a header only if neither holds.
     */
    long nextOffsetAt(int end, int limit, long offsetAtLimit, BatchHeaderReader reader) throws IOException {
        if (end >= limit) {
            return offsetAtLimit;
        }
        long held = reader.position();
        if (held == end) {
            return reader.baseOffset();
        }
        if (held >= 0 && held + reader.claimedSize() == end) {
            return reader.lastOffset() + 1;
        }
        if (!reader.readAt(end, limit)) {
            throw new IllegalStateException("segment " + logFile + " has no batch header at position " + end
                    + " although its batches end at " + limit);
        }
        return reader.baseOffset();
    }

    private int next(int position, BatchHeaderReader reader, int limit) {
        int claimed = reader.claimedSize();
        if (claimed < RecordBatch.RECORD_BATCH_OVERHEAD || (long) position + claimed > limit) {
            throw new CorruptRecordException("segment " + logFile + " holds a damaged batch at position " + position
                    + ": its length field claims " + claimed + " bytes");
        }
        return position + claimed;
    }

    /**
     * The offset of the first record whose timestamp is at least {@code timestamp}, or -1 when
     * no record before {@code limit} is that late.
     */
    long offsetForTimestamp(long timestamp, int limit) throws IOException {
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        int position = offsetIndex.floorPosition(timeIndex.offsetBefore(timestamp));
        while (reader.readAt(position, limit)) {
            if (reader.maxTimestamp() >= timestamp) {
                return firstRecordAtOrAfter(position, reader.claimedSize(), timestamp);
            }
            position = next(position, reader, limit);
        }
        return -1;
    }

    private long firstRecordAtOrAfter(int position, int batchSize, long timestamp) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(batchSize);
        readFully(bytes, position);
        RecordBatch batch = RecordBatch.wrap(bytes.flip());
        CompressionType compression = batch.compressionType();
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME
                || (compression != CompressionType.NONE && compression != CompressionType.GZIP)) {
            // Every record shares the append time, or the records cannot be read here: the batch's
            // first offset is the earliest answer that is never too late.
            return batch.baseOffset();
        }
        for (Record record : batch.records()) {
            if (record.timestamp() >= timestamp) {
                return record.offset();
            }
        }
        return batch.baseOffset();
    }

    /**
     * The offset after the last batch in the file, read by walking from the last index entry: used
     * when a segment is loaded after a clean shutdown.
     */
    long readNextOffset() throws IOException {
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        int position = offsetIndex.floorPosition(Long.MAX_VALUE);
        long next = baseOffset;
        while (reader.readAt(position, size)) {
            next = reader.lastOffset() + 1;
            position = next(position, reader, size);
        }
        return next;
    }

    /**
     * Checks both indexes; returns null when sound, or what is wrong. Besides each index's own
     * order, the time index's last entry must name a batch of the log (its last offset and its
     * largest timestamp): that entry becomes the segment's largest timestamp, which retention goes
     * by, and an entry a crash left zeroed is otherwise in order.
     */
    String sanityCheck() throws IOException {
        String problem = offsetIndex.sanityCheck();
        if (problem == null) {
            problem = timeIndex.sanityCheck();
        }
        if (problem == null && offsetIndex.entries() > 0 && offsetIndex.floorPosition(Long.MAX_VALUE) >= size) {
            problem = "offset index " + offsetIndex.file() + " points past the end of " + logFile;
        }
        if (problem == null && timeIndex.entries() > 0 && !hasBatchEndingAt(timeIndex.lastOffset(),
                timeIndex.lastTimestamp())) {
            problem = "the last entry of time index " + timeIndex.file() + " (timestamp " + timeIndex.lastTimestamp()
                    + ", offset " + timeIndex.lastOffset() + ") names no batch of " + logFile;
        }
        return problem;
    }

    /** Whether a batch of the file ends at {@code lastOffset} and has {@code maxTimestamp} as its largest timestamp. */
    private boolean hasBatchEndingAt(long lastOffset, long maxTimestamp) throws IOException {
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        int position = offsetIndex.floorPosition(lastOffset);
        try {
            while (reader.readAt(position, size)) {
                if (reader.lastOffset() >= lastOffset) {
                    return reader.lastOffset() == lastOffset && reader.maxTimestamp() == maxTimestamp;
                }
                position = next(position, reader, size);
            }
        } catch (CorruptRecordException e) {
            return false;
        }
        return false;
    }

    /**
     * Validates every batch from the start of the file (length, magic, CRC-32C, offsets that only
     * increase), rebuilds both indexes, and truncates the file at the first batch that fails:
     * a write torn by a crash or damaged on disk. Writer only.
     */
    RecoveryResult recover(int indexIntervalBytes) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        firstBatchTimestamp = RecordBatch.NO_TIMESTAMP;
        bytesSinceLastIndexEntry = 0;
        long fileSize = channel.size();
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        ByteBuffer batchBytes = ByteBuffer.allocate(64 * 1024);
        long position = 0;
        long nextOffset = baseOffset;
        String problem = null;
        while (position < fileSize) {
            if (!reader.readAt(position, fileSize)) {
                problem = "a partial batch header of " + (fileSize - position) + " bytes";
                break;
            }
            int claimed = reader.claimedSize();
            if (claimed < RecordBatch.RECORD_BATCH_OVERHEAD || position + claimed > fileSize) {
                problem = "a batch whose length field claims " + claimed + " bytes, with " + (fileSize - position)
                        + " left in the file";
                break;
            }
            if (batchBytes.capacity() < claimed) {
                batchBytes = ByteBuffer.allocate(Math.max(claimed, batchBytes.capacity() * 2));
            }
            batchBytes.clear().limit(claimed);
            readFully(batchBytes, position);
            batchBytes.flip();
            RecordBatch batch = RecordBatch.wrap(batchBytes, 0);
            if (batch.magic() != RecordBatch.MAGIC_V2) {
                problem = "a batch with magic " + batch.magic();
                break;
            }
            if (!batch.isValid()) {
                problem = "a batch (base offset " + batch.baseOffset() + ") that fails its CRC-32C check";
                break;
            }
            if (batch.baseOffset() < nextOffset || batch.lastOffsetDelta() < 0) {
                problem = "a batch with base offset " + batch.baseOffset() + " where offset " + nextOffset
                        + " or later was expected";
                break;
            }
            indexBatch(batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), (int) position, claimed,
                    indexIntervalBytes);
            nextOffset = batch.lastOffset() + 1;
            position += claimed;
        }
        long truncated = fileSize - position;
        if (truncated > 0) {
            channel.truncate(position);
            channel.force(true);
        }
        size = (int) position;
        verified.recovered(size);
        return new RecoveryResult(nextOffset, truncated, problem);
    }

    /** What {@link #recover} found. */
    static final class RecoveryResult {
        final long nextOffset;
        final long truncatedBytes;
        final String problem;

        RecoveryResult(long nextOffset, long truncatedBytes, String problem) {
            this.nextOffset = nextOffset;
            this.truncatedBytes = truncatedBytes;
            this.problem = problem;
        }
    }

    /** Called when the segment stops being the active one: final time index entry, trimmed indexes. */
    void onBecomeInactive() {
        if (maxTimestampSoFar >= 0) {
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /** Releases the indexes' mappings until they are next read; for closed segments only. */
    void unloadIndexes() {
        offsetIndex.unload();
        timeIndex.unload();
    }

    /** Whether either index is mapped now. */
    boolean indexesLoaded() {
        return offsetIndex.isLoaded() || timeIndex.isLoaded();
    }

    /** Grows the indexes back to full size, for the active segment after a restart. */
    void resizeIndexes(int maxIndexSize) {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
    }

    /** Forces the log file's data to disk (fdatasync). */
    void flush() throws IOException {
        channel.force(false);
    }

    /**
     * Forces both indexes to disk: for a segment that takes no more appends, before the recovery
     * point passes it, since a start after a crash trusts the indexes of segments below it.
     */
    void flushIndexes() throws IOException {
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Renames every file with the {@code .deleted} suffix; the segment stays readable. */
    void renameToDeleted() throws IOException {
        Path deleted = logFile.resolveSibling(logFile.getFileName() + SegmentFiles.DELETED_SUFFIX);
        Files.move(logFile, deleted);
        logFile = deleted;
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + SegmentFiles.DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + SegmentFiles.DELETED_SUFFIX));
    }

    /**
     * Closes the segment and deletes its files by the paths it holds, never by names rebuilt from
     * its directory: once the directory has been reused (a topic deleted and created again), such a
     * name is another segment's live file.
     */
    void closeAndDelete() throws IOException {
        close();
        for (Path file : List.of(logFile, offsetIndex.file(), timeIndex.file())) {
            Files.deleteIfExists(file);
        }
    }

    /** Closes the file and unmaps the indexes; idempotent, and closes every part even if one fails. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            channel.close();
        } catch (IOException e) {
            failure = e;
        }
        try {
            offsetIndex.close();
        } catch (RuntimeException e) {
            failure = addTo(failure, e);
        }
        try {
            timeIndex.close();
        } catch (RuntimeException e) {
            failure = addTo(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException addTo(IOException failure, RuntimeException e) {
        IOException result = failure != null ? failure : new IOException("closing a segment failed", e);
        if (failure != null) {
            result.addSuppressed(e);
        }
        return result;
    }

    private void readFully(ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new CorruptRecordException("segment " + logFile + " ends at " + at + " inside a batch");
            }
            at += n;
        }
    }

    @Override
    public String toString() {
        return "LogSegment(" + logFile + ", size=" + size + ")";
    }
}
