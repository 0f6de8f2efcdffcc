package dev.brook.core.internal.log;

import dev.brook.core.AppendListener;
import dev.brook.core.AppendResult;
import dev.brook.core.BrokerConfig;
import dev.brook.core.FlushListener;
import dev.brook.core.LogReadResult;
import dev.brook.core.TimestampAndOffset;
import dev.brook.core.TopicConfig;
import dev.brook.core.internal.util.FileUtils;
import dev.brook.core.internal.util.Locks;
import dev.brook.core.internal.util.Scheduler;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.InvalidRecordException;
import dev.brook.protocol.errors.OffsetOutOfRangeException;
import dev.brook.protocol.errors.RecordTooLargeException;
import dev.brook.protocol.errors.StorageException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.Records;
import dev.brook.protocol.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: a directory of {@link LogSegment}s, the last of which is active.
 *
 * <p><b>Writes.</b> One writer at a time: {@link #append} validates batches without a lock, then
 * takes the partition's append lock to assign offsets, roll the segment if needed, write, and
 * publish the new end. With {@code flush.messages} reached, it fsyncs after releasing the lock, and
 * appenders that arrive while an fsync runs share the next one (group commit).
 *
 * <p><b>Reads.</b> Lock-free. A reader takes the published {@link EndSnapshot} once and reads no
 * further than it, so it sees only whole batches, never blocks the writer and is never blocked by
 * it. Segments deleted by retention stay open for {@code file.delete.delay.ms}, so a read that
 * raced with the deletion still completes.
 *
 * <p><b>Idempotent producers.</b> Under the append lock, batches with a producer id are checked
 * against the partition's {@link ProducerStateManager} before they get offsets; a retry of a batch
 * already stored is answered with its original offsets and nothing is written. The state is
 * snapshotted to a {@link ProducerStateSnapshot} at each roll (in the background) and at a clean
 * close, and rebuilt at load by {@link ProducerStateLoader}.
 *
 * <p>Thread-safe.
 */
public final class PartitionLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);

    private final TopicPartition topicPartition;
    private final Path dir;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AppendListener appendListener;
    private final ConcurrentNavigableMap<Long, LogSegment> segments;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Set<LogSegment> pendingDeletes = ConcurrentHashMap.newKeySet();
    /** Replaced by config changes; read by every append and retention run. */
    private volatile TopicConfig config;
    /** Published by the writer after each append or roll; read by every reader. */
    private volatile EndSnapshot end;
    /** Moved forward by retention; read by every reader. */
    private volatile long logStartOffset;
    /** Everything below this offset is on disk; advanced by flushes, read by the checkpoint writer. */
    private volatile long recoveryPoint;
    private volatile long lastFlushTimeMs;
    /** Guarded by the append lock. */
    private long unflushedRecords;
    /** Guarded by the append lock. */
    private long activeSegmentCreatedMs;
    /** Guarded by the append lock: the single writer checks and updates it. */
    private final ProducerStateManager producers;
    private volatile boolean closed;
    /** Set when the log can no longer be trusted to accept writes; read by every append. */
    private volatile String failure;
    /** Set when the log's topic has been deleted; read by every append. */
    private volatile boolean deleted;
    /** Set once by the owner after opening; read by every flush. */
    private volatile FlushListener flushListener = (cause, nanos) -> { };

    PartitionLog(TopicPartition topicPartition, Path dir, TopicConfig config, Clock clock, Scheduler scheduler,
            AppendListener appendListener, ConcurrentNavigableMap<Long, LogSegment> segments, long nextOffset,
            long recoveryPoint, ProducerStateManager producers) {
        this.topicPartition = topicPartition;
        this.producers = producers;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.scheduler = scheduler;
        this.appendListener = appendListener;
        this.segments = segments;
        LogSegment active = segments.lastEntry().getValue();
        this.end = new EndSnapshot(nextOffset, active, active.size());
        this.logStartOffset = segments.firstKey();
        this.recoveryPoint = recoveryPoint;
        this.lastFlushTimeMs = clock.millis();
        this.activeSegmentCreatedMs = clock.millis();
    }

    /**
     * Opens the log in {@code dir}, creating it if empty, and recovers it if the broker did not shut
     * down cleanly. See {@link LogLoader}.
     */
    public static PartitionLog open(TopicPartition topicPartition, Path dir, TopicConfig config, Clock clock,
            Scheduler scheduler, AppendListener appendListener, long recoveryPoint, boolean cleanShutdown) {
        return open(topicPartition, dir, config, clock, scheduler, appendListener, recoveryPoint, cleanShutdown,
                BrokerConfig.DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    }

    /**
     * As {@link #open(TopicPartition, Path, TopicConfig, Clock, Scheduler, AppendListener, long, boolean)},
     * forgetting idempotent producers idle for {@code producerIdExpirationMs}.
     */
    public static PartitionLog open(TopicPartition topicPartition, Path dir, TopicConfig config, Clock clock,
            Scheduler scheduler, AppendListener appendListener, long recoveryPoint, boolean cleanShutdown,
            long producerIdExpirationMs) {
        return LogLoader.load(topicPartition, dir, config, clock, scheduler, appendListener, recoveryPoint,
                cleanShutdown, producerIdExpirationMs);
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Path dir() {
        return dir;
    }

    public TopicConfig config() {
        return config;
    }

    /** Applies new settings to later appends, rolls and retention runs. */
    public void updateConfig(TopicConfig newConfig) {
        this.config = Objects.requireNonNull(newConfig, "config");
    }

    /** The first offset still stored. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record gets. */
    public long logEndOffset() {
        return end.nextOffset;
    }

    /** The offset below which everything is known to be on disk. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Bytes stored, over all segments. */
    public long sizeInBytes() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** How many segments have an index mapped now: the active one and those read recently. */
    public int segmentsWithLoadedIndexes() {
        int loaded = 0;
        for (LogSegment segment : segments.values()) {
            if (segment.indexesLoaded()) {
                loaded++;
            }
        }
        return loaded;
    }

    /** The base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    /**
     * Validates the batches in {@code records} and appends them, assigning offsets. The batches'
     * base offsets (and, for {@code LogAppendTime} topics, timestamps and CRCs) are rewritten in
     * place in the caller's buffer. The buffer's position and limit are not changed.
     *
     * @throws dev.brook.protocol.errors.CorruptRecordException if a batch is damaged or truncated
     * @throws InvalidRecordException if a batch breaks a rule (magic, empty, offset deltas)
     * @throws RecordTooLargeException if a batch exceeds {@code max.message.bytes}
     * @throws dev.brook.protocol.errors.InvalidProducerEpochException if a batch's producer epoch is
     *     older than the partition has seen for its producer id
     * @throws dev.brook.protocol.errors.OutOfOrderSequenceException if a batch does not continue
     *     its producer's sequence
     * @throws StorageException if the file could not be written or, under {@code flush.messages},
     *     synced
     */
    public AppendResult append(ByteBuffer records) {
        Objects.requireNonNull(records, "records");
        TopicConfig settings = config;
        int[] counts = validate(records, settings);
        Appended appended = Locks.inLock(appendLock, () -> appendLocked(records, settings, counts[0], counts[1]));
        boolean logAppendTime = settings.timestampType() == TimestampType.LOG_APPEND_TIME;
        if (appended.duplicate) {
            // The original append may still be waiting for its fsync on another thread; the retry
            // must not be acknowledged as durable before it is.
            if (settings.flushMessages() != Long.MAX_VALUE) {
                flushUpTo(appended.nextOffset, FlushListener.Cause.APPEND);
            }
            return new AppendResult(appended.baseOffset, appended.nextOffset - 1,
                    logAppendTime ? appended.appendTime : RecordBatch.NO_TIMESTAMP, logStartOffset, counts[0], true);
        }
        try {
            if (appended.flushDue) {
                flushUpTo(appended.nextOffset, FlushListener.Cause.APPEND);
            }
        } finally {
            // The records are readable now, whatever the fsync did: waiting readers must hear of them.
            appendListener.onAppend(topicPartition, appended.nextOffset);
        }
        return new AppendResult(appended.baseOffset, appended.nextOffset - 1,
                logAppendTime ? appended.appendTime : RecordBatch.NO_TIMESTAMP, logStartOffset, counts[0]);
    }

    /** Returns {records, batches}. */
    private int[] validate(ByteBuffer records, TopicConfig settings) {
        if (!records.hasRemaining()) {
            throw new InvalidRecordException("no record batches to append to " + topicPartition);
        }
        int recordCount = 0;
        int batchCount = 0;
        for (RecordBatch batch : Records.strictBatches(records)) {
            batchCount++;
            int size = batch.sizeInBytes();
            if (size > settings.maxMessageBytes()) {
                throw new RecordTooLargeException("record batch of " + size + " bytes is larger than max.message.bytes="
                        + settings.maxMessageBytes() + " of " + topicPartition);
            }
            batch.ensureValid();
            if (batch.lastOffsetDelta() != batch.recordCount() - 1) {
                throw new InvalidRecordException("record batch for " + topicPartition + " holds " + batch.recordCount()
                        + " records but its last offset delta is " + batch.lastOffsetDelta());
            }
            if (batch.producerId() >= 0 && (batch.producerEpoch() < 0 || batch.baseSequence() < 0)) {
                throw new InvalidRecordException("record batch for " + topicPartition + " of producer "
                        + batch.producerId() + " has epoch " + batch.producerEpoch() + " and base sequence "
                        + batch.baseSequence() + "; an idempotent producer's batch needs both at least 0");
            }
            recordCount += batch.recordCount();
        }
        return new int[] {recordCount, batchCount};
    }

    private Appended appendLocked(ByteBuffer records, TopicConfig settings, int recordCount, int batchCount) {
        ensureWritable();
        long now = clock.millis();
        long baseOffset = end.nextOffset;
        long next = baseOffset;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean stampAppendTime = settings.timestampType() == TimestampType.LOG_APPEND_TIME;
        // Before any byte of the caller's buffer is rewritten: a refused request leaves it as it was.
        ProducerStateManager.Check check = producers.check(records, baseOffset,
                stampAppendTime ? now : RecordBatch.NO_TIMESTAMP, now);
        if (check.isDuplicate()) {
            List<BatchMetadata> originals = check.duplicateRange();
            return new Appended(originals.get(0).firstOffset(), originals.get(1).lastOffset() + 1, false,
                    originals.get(1).timestamp(), true);
        }
        for (RecordBatch batch : Records.strictBatches(records)) {
            batch.setBaseOffset(next);
            if (stampAppendTime) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
            }
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            next = batch.nextOffset();
        }
        try {
            LogSegment active = maybeRoll(records.remaining(), batchCount, next - 1, maxTimestamp, settings, now);
            active.append(records, settings.indexIntervalBytes());
            end = new EndSnapshot(next, active, active.size());
        } catch (LogSegment.SegmentDamagedException e) {
            failure = e.getMessage();
            throw new StorageException("could not append to " + topicPartition + ", and the log is now offline until "
                    + "a restart recovers it: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("could not append to " + topicPartition + " in " + dir + ": " + e.getMessage(), e);
        } catch (InternalError e) {
            // How the JVM reports a fault writing a memory-mapped index page it could not back
            // (a full disk); the segment has undone the append.
            throw new StorageException("could not append to " + topicPartition + " in " + dir
                    + ": writing its index failed, the disk may be full (" + e.getMessage() + ")", e);
        }
        producers.apply(check);
        unflushedRecords += recordCount;
        boolean flushDue = unflushedRecords >= settings.flushMessages();
        if (flushDue) {
            unflushedRecords = 0;
        }
        return new Appended(baseOffset, next, flushDue, now, false);
    }

    /** What the locked part of an append did; for a duplicate, the original offsets and timestamp. */
    private record Appended(long baseOffset, long nextOffset, boolean flushDue, long appendTime, boolean duplicate) {
    }

    private LogSegment maybeRoll(int bytes, int batches, long lastOffset, long maxTimestamp, TopicConfig settings,
            long now) throws IOException {
        EndSnapshot current = end;
        LogSegment active = current.segment;
        if (active.size() == 0) {
            return active;
        }
        String reason = null;
        if ((long) active.size() + bytes > settings.segmentBytes()) {
            reason = "segment.bytes=" + settings.segmentBytes() + " reached";
        } else if (lastOffset - active.baseOffset() > Integer.MAX_VALUE) {
            reason = "relative offsets would overflow the index";
        } else if (active.indexesFull() || active.indexSlotsLeft() < batches) {
            reason = "its index is full";
        } else {
            long firstTimestamp = active.firstBatchTimestamp();
            long waited = firstTimestamp >= 0 && maxTimestamp >= 0 ? maxTimestamp - firstTimestamp
                    : now - activeSegmentCreatedMs;
            if (waited > settings.segmentMs()) {
                reason = "segment.ms=" + settings.segmentMs() + " passed";
            }
        }
        if (reason == null) {
            return active;
        }
        return roll(current.nextOffset, reason, settings, now);
    }

    private LogSegment roll(long newBaseOffset, String reason, TopicConfig settings, long now) throws IOException {
        LogSegment previous = end.segment;
        // Created first: if that fails, the active segment is left exactly as it was.
        LogSegment next = LogSegment.create(dir, newBaseOffset, settings.segmentIndexBytes());
        FileUtils.syncDirectory(dir);
        previous.onBecomeInactive();
        previous.unloadIndexes();
        segments.put(newBaseOffset, next);
        end = new EndSnapshot(newBaseOffset, next, 0);
        activeSegmentCreatedMs = now;
        log.debug("{}: rolled to a new segment at offset {} ({})", topicPartition, newBaseOffset, reason);
        // The closed segment will never change again: sync it in the background and move the
        // recovery point past it, so that recovery after a crash only rescans the active segment.
        scheduler.execute("flush " + topicPartition, () -> flushUpTo(newBaseOffset, FlushListener.Cause.ROLL));
        // Taken now, under the lock, so that it holds exactly the batches below the new segment;
        // written in the background, as the loader copes with it missing.
        byte[] snapshot = ProducerStateSnapshot.serialize(producers.entries());
        scheduler.execute("producer snapshot " + topicPartition, () -> writeSnapshot(newBaseOffset, snapshot));
        return next;
    }

    private void writeSnapshot(long offset, byte[] snapshot) {
        if (deleted) {
            return;
        }
        try {
            ProducerStateSnapshot.write(dir, offset, snapshot);
        } catch (IOException e) {
            // Not fatal: the next load replays the batch headers from an older snapshot instead.
            log.warn("{}: could not write producer state snapshot {}: {}", topicPartition,
                    ProducerStateSnapshot.file(dir, offset), e.toString());
        }
    }

    /**
     * Forgets the idempotent producers that have not appended for {@code producer.id.expiration.ms};
     * returns how many. The broker's scheduler calls this.
     */
    public int expireProducers() {
        return Locks.inLock(appendLock, () -> closed ? 0 : producers.expire(clock.millis()));
    }

    /**
     * Whole batches starting with the one that holds {@code offset}, up to {@code maxBytes}; when
     * {@code minOneBatch}, at least one batch even if it is larger, so that a reader always makes
     * progress. Reading at the log end offset returns an empty result.
     *
     * @throws OffsetOutOfRangeException if the offset is below the log start or above the log end
     */
    public LogReadResult read(long offset, int maxBytes, boolean minOneBatch) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        EndSnapshot snapshot = end;
        long startOffset = logStartOffset;
        if (offset < startOffset || offset > snapshot.nextOffset) {
            throw outOfRange(offset, startOffset, snapshot.nextOffset);
        }
        if (offset == snapshot.nextOffset) {
            return LogReadResult.empty(startOffset, snapshot.nextOffset);
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        try {
            while (entry != null) {
                LogSegment segment = entry.getValue();
                int limit = segment == snapshot.segment ? snapshot.position : segment.size();
                BatchHeaderReader reader = new BatchHeaderReader(segment.channel());
                int position = segment.findBatch(offset, limit, reader);
                if (position >= 0) {
                    long firstOffset = reader.baseOffset();
                    int endPosition = segment.endOfBatchesWithin(position, maxBytes, limit, minOneBatch, reader);
                    segment.verify(position, endPosition);
                    // Offsets are dense within a log (no compaction), so the records returned are
                    // the offsets they span, known from the headers the walk above read anyway.
                    long records = endPosition == position ? 0
                            : segment.nextOffsetAt(endPosition, limit, offsetAfter(entry, snapshot), reader)
                                    - firstOffset;
                    return new LogReadResult(segment.channel(), position, endPosition - position, startOffset,
                            snapshot.nextOffset, records);
                }
                if (segment == snapshot.segment) {
                    break;
                }
                entry = segments.higherEntry(entry.getKey());
            }
        } catch (ClosedChannelException e) {
            if (offset < logStartOffset) {
                // Retention deleted and closed the segment while this read was looking at it.
                throw outOfRange(offset, logStartOffset, snapshot.nextOffset);
            }
            throw new StorageException("could not read " + topicPartition + " at offset " + offset
                    + ": its segment file is closed" + (closed ? " (the log is closed)" : ""), e);
        } catch (IOException e) {
            throw new StorageException("could not read " + topicPartition + " at offset " + offset + ": "
                    + e.getMessage(), e);
        }
        if (entry == null) {
            throw outOfRange(offset, logStartOffset, snapshot.nextOffset);
        }
        return LogReadResult.empty(startOffset, snapshot.nextOffset);
    }

    /** The offset after the last batch a reader may see in the segment: the next segment's base offset for a closed one. */
    private long offsetAfter(Map.Entry<Long, LogSegment> entry, EndSnapshot snapshot) {
        if (entry.getValue() == snapshot.segment) {
            return snapshot.nextOffset;
        }
        // Segments roll at the log's next offset, so a closed segment ends where the next begins.
        Long next = segments.higherKey(entry.getKey());
        return next != null ? next : snapshot.nextOffset;
    }

    private OffsetOutOfRangeException outOfRange(long offset, long start, long endOffset) {
        return new OffsetOutOfRangeException("offset " + offset + " is out of range for " + topicPartition
                + ": the log holds offsets " + start + " to " + endOffset + " (exclusive)");
    }

    /**
     * The largest record timestamp in the log and the offset of the last record of the batch
     * carrying it (the earliest such batch on a tie), or null for an empty log or one without
     * timestamps. Taken under the append lock, so that timestamp and offset belong together.
     */
    public TimestampAndOffset maxTimestamp() {
        return Locks.inLock(appendLock, () -> {
            TimestampAndOffset max = null;
            for (LogSegment segment : segments.values()) {
                long timestamp = segment.maxTimestampSoFar();
                if (timestamp >= 0 && (max == null || timestamp > max.timestamp())) {
                    max = new TimestampAndOffset(timestamp, Math.max(segment.offsetOfMaxTimestampSoFar(), logStartOffset));
                }
            }
            return max;
        });
    }

    /**
     * The offset of the first record whose timestamp is at or after {@code timestamp}, or -1 when
     * every stored record is older.
     */
    public long offsetForTimestamp(long timestamp) {
        EndSnapshot snapshot = end;
        try {
            for (LogSegment segment : segments.values()) {
                if (segment.maxTimestampSoFar() < timestamp && segment != snapshot.segment) {
                    continue;
                }
                int limit = segment == snapshot.segment ? snapshot.position : segment.size();
                long offset = segment.offsetForTimestamp(timestamp, limit);
                if (offset >= 0) {
                    return Math.max(offset, logStartOffset);
                }
                if (segment == snapshot.segment) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new StorageException("could not search " + topicPartition + " by timestamp: " + e.getMessage(), e);
        }
        return -1;
    }

    /**
     * Closes the active segment and starts a new one at the log end, if the active segment holds
     * anything: for a log that is about to be compacted by rewriting its live entries.
     */
    public void roll() {
        Locks.inLock(appendLock, () -> {
            ensureWritable();
            if (end.segment.size() > 0) {
                try {
                    roll(end.nextOffset, "requested", config, clock.millis());
                } catch (IOException e) {
                    throw new StorageException("could not roll " + topicPartition + ": " + e.getMessage(), e);
                }
            }
        });
    }

    /**
     * Deletes the closed segments that hold only offsets below {@code offset}, moving the log
     * start offset forward. Returns how many were deleted.
     */
    public int deleteSegmentsBefore(long offset) {
        List<LogSegment> doomed = new ArrayList<>();
        LogSegment previous = null;
        for (LogSegment segment : segments.values()) {
            if (previous != null && segment.baseOffset() <= offset) {
                doomed.add(previous);
            }
            previous = segment;
        }
        doomed.remove(end.segment);
        if (doomed.isEmpty()) {
            return 0;
        }
        Locks.inLock(appendLock, () -> deleteSegments(doomed, "a compaction up to offset " + offset));
        return doomed.size();
    }

    /**
     * Deletes the oldest closed segments that are past {@code retention.ms} (by their largest
     * timestamp) or that make the log larger than {@code retention.bytes}. The active segment is
     * never deleted. Returns how many segments were deleted.
     */
    public int deleteSegmentsPastRetention() {
        TopicConfig settings = config;
        long now = clock.millis();
        List<LogSegment> closedSegments = new ArrayList<>(segments.values());
        closedSegments.remove(closedSegments.size() - 1);
        closedSegments.remove(end.segment);
        int byTime = 0;
        if (settings.retentionMs() >= 0) {
            while (byTime < closedSegments.size()
                    && now - closedSegments.get(byTime).largestTimestamp() > settings.retentionMs()) {
                byTime++;
            }
        }
        int bySize = 0;
        if (settings.retentionBytes() >= 0) {
            long excess = sizeInBytes() - settings.retentionBytes();
            while (bySize < closedSegments.size() && excess - closedSegments.get(bySize).size() >= 0) {
                excess -= closedSegments.get(bySize).size();
                bySize++;
            }
        }
        int count = Math.max(byTime, bySize);
        if (count == 0) {
            return 0;
        }
        List<LogSegment> doomed = closedSegments.subList(0, count);
        String reason = byTime >= bySize ? "retention.ms=" + settings.retentionMs()
                : "retention.bytes=" + settings.retentionBytes();
        Locks.inLock(appendLock, () -> deleteSegments(doomed, reason));
        return count;
    }

    private void deleteSegments(List<LogSegment> candidates, String reason) {
        if (closed) {
            return;
        }
        // Another retention run may have deleted some of them since they were chosen.
        List<LogSegment> doomed = new ArrayList<>();
        for (LogSegment segment : candidates) {
            if (segments.get(segment.baseOffset()) == segment && segment != end.segment) {
                doomed.add(segment);
            }
        }
        if (doomed.isEmpty()) {
            return;
        }
        LogSegment last = doomed.get(doomed.size() - 1);
        Long newStart = segments.higherKey(last.baseOffset());
        logStartOffset = newStart == null ? end.nextOffset : newStart;
        long delayMs = config.fileDeleteDelayMs();
        for (LogSegment segment : doomed) {
            segments.remove(segment.baseOffset());
            try {
                segment.renameToDeleted();
            } catch (IOException e) {
                log.warn("{}: could not rename {} for deletion: {}", topicPartition, segment.logFile(), e.toString());
            }
            pendingDeletes.add(segment);
            scheduler.schedule("delete " + segment.logFile(), delayMs, () -> deleteNow(segment));
        }
        log.info("{}: deleted {} segment(s) past {}; the log now starts at offset {}", topicPartition, doomed.size(),
                reason, logStartOffset);
    }

    private void deleteNow(LogSegment segment) {
        if (!pendingDeletes.remove(segment)) {
            return;
        }
        try {
            if (deleted) {
                // The topic's directory has been moved away, and its purge removes these files;
                // the paths the segment holds may meanwhile be a new topic's of the same name.
                segment.close();
                return;
            }
            segment.closeAndDelete();
        } catch (IOException e) {
            log.warn("{}: could not delete {}: {}", topicPartition, segment.logFile(), e.toString());
        }
    }

    /**
     * Tells {@code listener} of every flush from now on. Set once by the log's owner right after
     * opening it; a later flush of an earlier listener's is not lost, only told to that one.
     */
    public void setFlushListener(FlushListener listener) {
        this.flushListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Makes everything appended so far durable, unless a flush that began after
     * {@code offset} was appended has already done so. Concurrent callers share one fsync.
     */
    public void flushUpTo(long offset) {
        flushUpTo(offset, FlushListener.Cause.REQUESTED);
    }

    /** As {@link #flushUpTo(long)}, telling the flush listener {@code cause} if it did flush. */
    private void flushUpTo(long offset, FlushListener.Cause cause) {
        if (recoveryPoint >= offset) {
            return;
        }
        Locks.inLock(flushLock, () -> {
            if (recoveryPoint >= offset) {
                return;
            }
            String failed = failure;
            if (failed != null) {
                // After a failed fsync the kernel may have dropped the pages it could not write and
                // cleared the error: a later fsync that succeeds says nothing about them, so the
                // recovery point stays where it is until a restart recovers the log.
                throw new StorageException("the log of " + topicPartition + " is offline after an I/O failure ("
                        + failed + "); nothing more is synced until a restart recovers it", null);
            }
            long started = System.nanoTime();
            EndSnapshot snapshot = end;
            Long from = segments.floorKey(recoveryPoint);
            Iterable<LogSegment> toFlush = (from == null ? segments : segments.tailMap(from, true)).values();
            for (LogSegment segment : toFlush) {
                try {
                    segment.flush();
                    if (segment != snapshot.segment) {
                        // Rolled, with its indexes final: the recovery point is about to pass it.
                        flushIndexes(segment);
                    }
                } catch (ClosedChannelException e) {
                    if (segments.get(segment.baseOffset()) == segment && !closed) {
                        // A live segment's channel was closed, by an interrupt for example: what it
                        // holds may not be on disk, and the log cannot take writes any more.
                        failure = "the file channel of " + segment.logFile() + " was closed unexpectedly";
                        throw new StorageException("could not fsync " + segment.logFile() + ": " + failure, e);
                    }
                } catch (IOException e) {
                    failure = "fsync of " + segment.logFile() + " failed: " + e.getMessage();
                    throw new StorageException("could not fsync " + segment.logFile() + ": " + e.getMessage(), e);
                }
                if (segment == snapshot.segment) {
                    break;
                }
            }
            recoveryPoint = Math.max(recoveryPoint, snapshot.nextOffset);
            lastFlushTimeMs = clock.millis();
            // Under the flush lock, so that the appenders that share this fsync wait for it and
            // the time told is that of the one fsync they all waited on, counted once.
            flushListener.onFlush(cause, System.nanoTime() - started);
        });
    }

    private void flushIndexes(LogSegment segment) throws IOException {
        try {
            segment.flushIndexes();
        } catch (NoSuchFileException | IllegalStateException e) {
            if (segments.get(segment.baseOffset()) == segment && !closed) {
                throw e;
            }
            // Retention renamed, closed or deleted the segment meanwhile: nothing of it needs to last.
        }
    }

    /** Flushes everything appended so far. */
    public void flush() {
        flushUpTo(end.nextOffset, FlushListener.Cause.REQUESTED);
    }

    /**
     * Flushes if unflushed data is older than {@code flush.ms}; the scheduler calls this. Returns
     * whether it flushed.
     */
    public boolean flushIfDue() {
        long flushMs = config.flushMs();
        if (flushMs != Long.MAX_VALUE && recoveryPoint < end.nextOffset && failure == null
                && clock.millis() - lastFlushTimeMs >= flushMs) {
            flushUpTo(end.nextOffset, FlushListener.Cause.INTERVAL);
            return true;
        }
        return false;
    }

    private void ensureWritable() {
        if (deleted) {
            throw new UnknownTopicOrPartitionException("topic '" + topicPartition.topic() + "' has been deleted");
        }
        if (closed) {
            throw new IllegalStateException("the log of " + topicPartition + " is closed");
        }
        String failed = failure;
        if (failed != null) {
            throw new StorageException("the log of " + topicPartition + " is offline after an I/O failure (" + failed
                    + "); restart the broker to recover it", null);
        }
    }

    /** Whether an I/O failure has taken the log offline. */
    public boolean isFailed() {
        return failure != null;
    }

    /** Refuses further appends, for a topic being deleted; reads in flight go on. */
    public void markDeleted() {
        Locks.inLock(appendLock, () -> {
            deleted = true;
        });
    }

    /**
     * Closes the log cleanly: syncs every segment, writes the active segment's final time index
     * entry, trims its indexes, and closes every file. Segments awaiting deletion are deleted now.
     * Idempotent.
     */
    @Override
    public void close() {
        closeCleanly();
    }

    /**
     * As {@link #close()}, and tells whether everything appended is on disk: false after a failed
     * fsync or an earlier I/O failure, in which case the broker must not record a clean shutdown.
     */
    public boolean closeCleanly() {
        return Locks.inLock(appendLock, () -> {
            if (closed) {
                return failure == null;
            }
            boolean clean = failure == null;
            try {
                flush();
            } catch (StorageException e) {
                clean = false;
                log.error("{}: final flush failed; the next start will recover the log", topicPartition, e);
            }
            // Only after a good final flush: a snapshot must not describe batches the disk may lack.
            // Without one, the next start replays the batch headers after an older snapshot.
            if (clean) {
                writeSnapshot(end.nextOffset, ProducerStateSnapshot.serialize(producers.entries()));
            }
            closed = true;
            LogSegment active = end.segment;
            try {
                active.onBecomeInactive();
                if (clean) {
                    // The next start trusts every index after a clean shutdown.
                    active.flushIndexes();
                }
            } catch (RuntimeException | IOException e) {
                clean = false;
                log.warn("{}: could not trim and sync the active segment's indexes; the next start will rebuild them: {}",
                        topicPartition, e.toString());
            }
            for (LogSegment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException e) {
                    log.warn("{}: could not close {}: {}", topicPartition, segment.logFile(), e.toString());
                }
            }
            for (LogSegment segment : new ArrayList<>(pendingDeletes)) {
                deleteNow(segment);
            }
            return clean;
        });
    }

    /**
     * Closes every file without syncing or trimming anything: for a log whose directory has been
     * moved away to be deleted. Idempotent.
     */
    public void closeForDeletion() {
        Locks.inLock(appendLock, () -> {
            if (closed) {
                return;
            }
            closed = true;
            for (LogSegment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException e) {
                    log.debug("{}: closing {} for deletion: {}", topicPartition, segment.logFile(), e.toString());
                }
            }
            for (LogSegment segment : new ArrayList<>(pendingDeletes)) {
                deleteNow(segment);
            }
        });
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", start=" + logStartOffset + ", end=" + end.nextOffset
                + ", segments=" + segments.size() + ")";
    }

    /** The log's end as the writer last published it: readers go no further. Immutable. */
    static final class EndSnapshot {
        final long nextOffset;
        final LogSegment segment;
        final int position;

        EndSnapshot(long nextOffset, LogSegment segment, int position) {
            this.nextOffset = nextOffset;
            this.segment = segment;
            this.position = position;
        }
    }
}
