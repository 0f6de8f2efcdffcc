package dev.brook.core.internal.log;

import dev.brook.core.AppendListener;
import dev.brook.core.TopicConfig;
import dev.brook.core.internal.util.Scheduler;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.errors.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition's directory and brings it to a consistent state before any read or write.
 *
 * <ol>
 *   <li>Removes leftovers: {@code *.deleted} files of segments whose deletion a crash interrupted,
 *       and index files whose log file is gone.</li>
 *   <li>Opens every segment. After an unclean shutdown, every segment from the one holding the
 *       recovery point onwards is recovered: each batch's length, magic, CRC-32C and offsets are
 *       checked, the indexes rebuilt, and the file truncated at the first bad batch; any later
 *       segment is then deleted, since it follows a hole. Segments before the recovery point, and
 *       all segments after a clean shutdown, keep their indexes unless an index is missing or fails
 *       its sanity check, in which case it is rebuilt.</li>
 *   <li>Syncs what recovery touched, so that the new recovery point is the log end.</li>
 *   <li>Rebuilds the idempotent producers' state from the newest usable snapshot and the batch
 *       headers after it: see {@link ProducerStateLoader}.</li>
 * </ol>
 *
 * Every repair is logged with the file and what was wrong. Stateless; thread-safe.
 */
final class LogLoader {
    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    private LogLoader() {
    }

    static PartitionLog load(TopicPartition topicPartition, Path dir, TopicConfig config, Clock clock,
            Scheduler scheduler, AppendListener appendListener, long recoveryPoint, boolean cleanShutdown,
            long producerIdExpirationMs) {
        ConcurrentNavigableMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        java.util.Collection<LogSegment> opened = segments.values();
        try {
            Files.createDirectories(dir);
            TreeSet<Long> baseOffsets = scanAndClean(dir);
            if (baseOffsets.isEmpty()) {
                segments.put(0L, LogSegment.create(dir, 0L, config.segmentIndexBytes()));
                ProducerStateManager producers = ProducerStateLoader.load(topicPartition, dir, segments, 0L,
                        producerIdExpirationMs, clock.millis());
                return new PartitionLog(topicPartition, dir, config, clock, scheduler, appendListener, segments, 0L, 0L,
                        producers);
            }
            Long recoverFrom = cleanShutdown ? null : baseOffsets.floor(recoveryPoint);
            if (!cleanShutdown && recoverFrom == null) {
                recoverFrom = baseOffsets.first();
            }
            long nextOffset = -1;
            boolean recovered = false;
            boolean truncated = false;
            List<Long> ordered = new ArrayList<>(baseOffsets);
            for (int i = 0; i < ordered.size(); i++) {
                long baseOffset = ordered.get(i);
                if (truncated) {
                    deleteSegmentFiles(dir, baseOffset);
                    log.warn("{}: deleted segment {} since it follows data lost to corruption",
                            topicPartition, SegmentFiles.logFile(dir, baseOffset));
                    continue;
                }
                boolean indexesMissing = !Files.exists(SegmentFiles.indexFile(dir, baseOffset))
                        || !Files.exists(SegmentFiles.timeIndexFile(dir, baseOffset));
                LogSegment segment = LogSegment.open(dir, baseOffset, config.segmentIndexBytes());
                segments.put(baseOffset, segment);
                boolean mustRecover = recoverFrom != null && baseOffset >= recoverFrom;
                String indexProblem = mustRecover ? null : indexProblem(segment, indexesMissing, config);
                if (mustRecover || indexProblem != null) {
                    LogSegment.RecoveryResult result = segment.recover(config.indexIntervalBytes());
                    recovered = true;
                    if (indexProblem != null) {
                        log.warn("{}: rebuilt the indexes of {}: {}", topicPartition, segment.logFile(), indexProblem);
                    }
                    if (result.truncatedBytes > 0) {
                        log.warn("{}: truncated {} bytes from {} at position {}: found {}", topicPartition,
                                result.truncatedBytes, segment.logFile(), segment.size(), result.problem);
                        truncated = true;
                    }
                    nextOffset = result.nextOffset;
                } else {
                    nextOffset = -1;
                }
            }
            LogSegment active = segments.lastEntry().getValue();
            // An empty segment left after a truncation is dropped, unless it is the only one.
            while (segments.size() > 1 && active.size() == 0) {
                segments.remove(active.baseOffset());
                active.closeAndDelete();
                active = segments.lastEntry().getValue();
                nextOffset = -1;
            }
            if (nextOffset < 0) {
                try {
                    nextOffset = active.size() == 0 ? active.baseOffset() : active.readNextOffset();
                } catch (CorruptRecordException e) {
                    // A clean shutdown was recorded, yet the tail is damaged: recover it all the same.
                    LogSegment.RecoveryResult result = active.recover(config.indexIntervalBytes());
                    log.warn("{}: truncated {} bytes from {} at position {}: found {}", topicPartition,
                            result.truncatedBytes, active.logFile(), active.size(), result.problem);
                    recovered = true;
                    nextOffset = result.nextOffset;
                }
            }
            for (LogSegment segment : segments.values()) {
                if (segment != active) {
                    segment.onBecomeInactive();
                    segment.unloadIndexes();
                }
            }
            active.resizeIndexes(config.segmentIndexBytes());
            if (recovered) {
                for (LogSegment segment : segments.values()) {
                    segment.flush();
                }
                log.info("{}: recovered; the log holds offsets {} to {} in {} segment(s)", topicPartition,
                        segments.firstKey(), nextOffset, segments.size());
            }
            ProducerStateManager producers = ProducerStateLoader.load(topicPartition, dir, segments, nextOffset,
                    producerIdExpirationMs, clock.millis());
            return new PartitionLog(topicPartition, dir, config, clock, scheduler, appendListener, segments, nextOffset,
                    nextOffset, producers);
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : opened) {
                try {
                    segment.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new StorageException("could not load the log of " + topicPartition + " from " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static String indexProblem(LogSegment segment, boolean indexesMissing, TopicConfig config)
            throws IOException {
        if (indexesMissing) {
            return "an index file is missing";
        }
        return segment.sanityCheck();
    }

    /** Lists the segments' base offsets, removing leftovers of interrupted deletions and orphaned indexes. */
    private static TreeSet<Long> scanAndClean(Path dir) throws IOException {
        TreeSet<Long> logs = new TreeSet<>();
        List<Path> indexes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SegmentFiles.DELETED_SUFFIX)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                long base = SegmentFiles.baseOffsetOf(name, SegmentFiles.LOG_SUFFIX);
                if (base >= 0) {
                    logs.add(base);
                } else if (SegmentFiles.baseOffsetOf(name, SegmentFiles.INDEX_SUFFIX) >= 0
                        || SegmentFiles.baseOffsetOf(name, SegmentFiles.TIME_INDEX_SUFFIX) >= 0) {
                    indexes.add(file);
                }
            }
        }
        for (Path index : indexes) {
            String name = index.getFileName().toString();
            long base = Math.max(SegmentFiles.baseOffsetOf(name, SegmentFiles.INDEX_SUFFIX),
                    SegmentFiles.baseOffsetOf(name, SegmentFiles.TIME_INDEX_SUFFIX));
            if (!logs.contains(base)) {
                Files.deleteIfExists(index);
                log.info("removed orphaned index {}", index);
            }
        }
        return logs;
    }

    private static void deleteSegmentFiles(Path dir, long baseOffset) throws IOException {
        Files.deleteIfExists(SegmentFiles.logFile(dir, baseOffset));
        Files.deleteIfExists(SegmentFiles.indexFile(dir, baseOffset));
        Files.deleteIfExists(SegmentFiles.timeIndexFile(dir, baseOffset));
    }
}
