package dev.brook.core.internal.log;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a partition's producer state at load, after {@link LogLoader} has recovered the log:
 * <ol>
 *   <li>deletes snapshots above the log end (recovery truncated the data they describe, and the
 *       log will grow past their offset again with other batches);</li>
 *   <li>reads the newest snapshot at or below the log end, deleting any that is damaged and
 *       falling back to the next older one;</li>
 *   <li>replays the batch headers from that snapshot's offset (or the log start) to the log end.
 *       Only headers are read, never records. If retention deleted segments after the snapshot,
 *       the replay starts at the log start; producers the snapshot holds are kept until they
 *       expire.</li>
 * </ol>
 * Producers found only by the replay count as active at load time, since the header does not
 * say when the broker appended them. Stateless; thread-safe.
 */
final class ProducerStateLoader {
    private static final Logger log = LoggerFactory.getLogger(ProducerStateLoader.class);

    private ProducerStateLoader() {
    }

    static ProducerStateManager load(TopicPartition topicPartition, Path dir, NavigableMap<Long, LogSegment> segments,
            long logEndOffset, long expirationMs, long nowMs) throws IOException {
        ProducerStateManager state = new ProducerStateManager(topicPartition, expirationMs);
        ProducerStateSnapshot.deleteTemporaryFiles(dir);
        TreeMap<Long, Path> snapshots = ProducerStateSnapshot.list(dir);
        for (Path above : snapshots.tailMap(logEndOffset, false).values()) {
            Files.deleteIfExists(above);
            log.info("{}: deleted producer state snapshot {}, which is beyond the log end {}", topicPartition, above,
                    logEndOffset);
        }
        long replayFrom = segments.firstKey();
        for (Map.Entry<Long, Path> snapshot : snapshots.headMap(logEndOffset, true).descendingMap().entrySet()) {
            try {
                byte[] bytes = Files.readAllBytes(snapshot.getValue());
                for (ProducerStateEntry entry : ProducerStateSnapshot.deserialize(bytes, snapshot.getValue())) {
                    state.restore(entry);
                }
                replayFrom = Math.max(replayFrom, snapshot.getKey());
                break;
            } catch (ProducerStateSnapshot.CorruptSnapshotException e) {
                log.warn("{}: {}; deleting it and trying an older one", topicPartition, e.getMessage());
                Files.deleteIfExists(snapshot.getValue());
            }
        }
        int replayed = replay(state, segments, replayFrom, logEndOffset, nowMs);
        if (replayed > 0 || state.size() > 0) {
            log.debug("{}: loaded {} producer(s), replaying {} batch header(s) from offset {}", topicPartition,
                    state.size(), replayed, replayFrom);
        }
        return state;
    }

    /** Feeds the producer batches with offsets from {@code from} to {@code end} to the state; returns how many. */
    private static int replay(ProducerStateManager state, NavigableMap<Long, LogSegment> segments, long from, long end,
            long nowMs) throws IOException {
        if (from >= end) {
            return 0;
        }
        Long first = segments.floorKey(from);
        int replayed = 0;
        for (LogSegment segment : (first == null ? segments : segments.tailMap(first, true)).values()) {
            BatchHeaderReader reader = new BatchHeaderReader(segment.channel());
            long limit = segment.size();
            long position = 0;
            while (reader.readAt(position, limit)) {
                long baseOffset = reader.baseOffset();
                if (baseOffset >= from && reader.producerId() >= 0) {
                    int firstSeq = reader.baseSequence();
                    BatchMetadata batch = new BatchMetadata(firstSeq,
                            BatchMetadata.addToSequence(firstSeq, reader.lastOffsetDelta()), baseOffset,
                            reader.lastOffset(), reader.maxTimestamp());
                    state.replay(reader.producerId(), reader.producerEpoch(), batch, nowMs);
                    replayed++;
                }
                int claimed = reader.claimedSize();
                if (claimed < RecordBatch.RECORD_BATCH_OVERHEAD || position + claimed > limit) {
                    // A length field that points backwards or past the file would loop or misread.
                    throw new CorruptRecordException("segment " + segment.logFile() + " holds a damaged batch at position "
                            + position + ": its length field claims " + claimed + " bytes");
                }
                position += claimed;
            }
        }
        return replayed;
    }
}
