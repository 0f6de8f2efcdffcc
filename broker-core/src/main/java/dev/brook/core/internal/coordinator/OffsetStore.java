package dev.brook.core.internal.coordinator;

import dev.brook.core.OffsetAndMetadata;
import dev.brook.core.internal.log.PartitionLog;
import dev.brook.core.internal.util.Locks;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.record.Records;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer groups' committed offsets, kept in memory and made durable in an internal log, as
 * Kafka keeps them in {@code __consumer_offsets}. Each commit is one record batch (so a commit is
 * all or nothing), appended under the log's flush policy, the same durability as topic data.
 *
 * <pre>
 *  record key:   version int16 (1) | group string | topic string | partition int32
 *  record value: version int16 (1) | offset int64 | commitTimestamp int64 | metadata string (nullable)
 *                a null value (tombstone) deletes the key
 *  strings:      int16 length, then UTF-8; length -1 for null
 * </pre>
 *
 * At start the log is replayed from its beginning; the last record of a key wins. When the log has
 * grown past {@code compactionBytes}, the live entries are written again at its end (after a roll)
 * and synced, and the segments before them deleted: a compaction by snapshot, which a crash at any
 * point leaves correct, since replay applies records in order.
 *
 * <p>Thread-safe: commits and compactions are serialized; reads are lock-free.
 */
public final class OffsetStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OffsetStore.class);
    private static final short FORMAT_VERSION = 1;

    private final PartitionLog offsetsLog;
    private final Clock clock;
    private final long compactionBytes;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> groups = new ConcurrentHashMap<>();
    /** The log's size after the last compaction; guarded by the write lock. */
    private long sizeAfterCompaction;

    public OffsetStore(PartitionLog offsetsLog, Clock clock, long compactionBytes) {
        this.offsetsLog = offsetsLog;
        this.clock = clock;
        this.compactionBytes = compactionBytes;
        replay();
        sizeAfterCompaction = offsetsLog.sizeInBytes();
    }

    private void replay() {
        long offset = offsetsLog.logStartOffset();
        long end = offsetsLog.logEndOffset();
        int records = 0;
        while (offset < end) {
            ByteBuffer bytes = offsetsLog.read(offset, 1 << 20, true).readAll();
            for (RecordBatch batch : Records.strictBatches(bytes)) {
                for (Record record : batch.records()) {
                    apply(record);
                    records++;
                }
                offset = batch.nextOffset();
            }
        }
        int entries = groups.values().stream().mapToInt(Map::size).sum();
        log.info("loaded {} committed offset(s) of {} group(s) from {} record(s)", entries, groups.size(), records);
    }

    private void apply(Record record) {
        ByteBuffer key = record.key();
        if (key == null || key.getShort() != FORMAT_VERSION) {
            throw new CorruptRecordException("offsets log record at offset " + record.offset() + " has no valid key");
        }
        String group = readString(key);
        TopicPartition tp = new TopicPartition(readString(key), key.getInt());
        ByteBuffer value = record.value();
        if (value == null) {
            Map<TopicPartition, OffsetAndMetadata> offsets = groups.get(group);
            if (offsets != null) {
                offsets.remove(tp);
                if (offsets.isEmpty()) {
                    groups.remove(group);
                }
            }
            return;
        }
        if (value.getShort() != FORMAT_VERSION) {
            throw new CorruptRecordException("offsets log record at offset " + record.offset() + " has an unknown format");
        }
        long committed = value.getLong();
        long timestamp = value.getLong();
        String metadata = readString(value);
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .put(tp, new OffsetAndMetadata(committed, metadata, timestamp));
    }

    /** Commits offsets of one group, all or none; returns once they are as durable as topic data. */
    public void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        Locks.inLock(writeLock, () -> {
            List<Entry> entries = new ArrayList<>(offsets.size());
            offsets.forEach((tp, om) -> entries.add(new Entry(group, tp, om)));
            append(entries);
            Map<TopicPartition, OffsetAndMetadata> current = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
            current.putAll(offsets);
            maybeCompact();
        });
    }

    /** The group's committed offsets for these partitions; partitions without one are absent. */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = groups.getOrDefault(group, Map.of());
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata om = offsets.get(tp);
            if (om != null) {
                result.put(tp, om);
            }
        }
        return result;
    }

    /** Every committed offset of the group. */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        return Map.copyOf(groups.getOrDefault(group, Map.of()));
    }

    /** The groups that have committed offsets, sorted. */
    public Set<String> groups() {
        return new TreeSet<>(groups.keySet());
    }

    /** Forgets every offset of the group. Returns whether it had any. */
    public boolean deleteGroup(String group) {
        return Locks.inLock(writeLock, () -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = groups.get(group);
            if (offsets == null) {
                return false;
            }
            List<Entry> tombstones = new ArrayList<>();
            for (TopicPartition tp : offsets.keySet()) {
                tombstones.add(new Entry(group, tp, null));
            }
            append(tombstones);
            groups.remove(group);
            return true;
        });
    }

    /** Forgets the group's offsets of these partitions (Kafka's OffsetDelete); those without one are skipped. */
    public void delete(String group, Collection<TopicPartition> partitions) {
        Locks.inLock(writeLock, () -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = groups.get(group);
            if (offsets == null) {
                return;
            }
            List<Entry> tombstones = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (offsets.containsKey(tp)) {
                    tombstones.add(new Entry(group, tp, null));
                }
            }
            if (tombstones.isEmpty()) {
                return;
            }
            append(tombstones);
            tombstones.forEach(entry -> offsets.remove(entry.partition()));
            if (offsets.isEmpty()) {
                groups.remove(group);
            }
        });
    }

    /** Forgets the offsets of a deleted topic, in every group. */
    public void deleteTopic(String topic) {
        Locks.inLock(writeLock, () -> {
            List<Entry> tombstones = new ArrayList<>();
            groups.forEach((group, offsets) -> offsets.keySet().stream().filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> tombstones.add(new Entry(group, tp, null))));
            if (tombstones.isEmpty()) {
                return;
            }
            append(tombstones);
            for (Entry entry : tombstones) {
                Map<TopicPartition, OffsetAndMetadata> offsets = groups.get(entry.group());
                if (offsets != null) {
                    offsets.remove(entry.partition());
                    if (offsets.isEmpty()) {
                        groups.remove(entry.group());
                    }
                }
            }
        });
    }

    /**
     * Deletes the offsets of groups whose newest commit is older than {@code retentionMs} and for
     * which {@code isEmpty} says no member is left. Returns the groups deleted.
     */
    public List<String> expireGroups(long retentionMs, java.util.function.Predicate<String> isEmpty) {
        long now = clock.millis();
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : groups.entrySet()) {
            if (now - newestCommit(group.getValue()) > retentionMs && isEmpty.test(group.getKey())) {
                candidates.add(group.getKey());
            }
        }
        // isEmpty is asked without the write lock (it takes the coordinator's), so a commit can land
        // between it and the deletion: the age is checked again under the lock, and a group that
        // has committed since is kept.
        List<String> expired = new ArrayList<>();
        for (String group : candidates) {
            boolean deleted = Locks.inLock(writeLock, () -> {
                Map<TopicPartition, OffsetAndMetadata> offsets = groups.get(group);
                return offsets != null && now - newestCommit(offsets) > retentionMs && deleteGroup(group);
            });
            if (deleted) {
                expired.add(group);
            }
        }
        return expired;
    }

    private static long newestCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.values().stream().mapToLong(OffsetAndMetadata::commitTimestamp).max().orElse(0);
    }

    private record Entry(String group, TopicPartition partition, OffsetAndMetadata offset) {
    }

    private void append(List<Entry> entries) {
        int size = RecordBatch.RECORD_BATCH_OVERHEAD;
        for (Entry entry : entries) {
            size += 64 + utf8(entry.group()).length + utf8(entry.partition().topic()).length
                    + (entry.offset() == null || entry.offset().metadata() == null ? 0
                            : utf8(entry.offset().metadata()).length);
        }
        RecordBatchBuilder builder = RecordBatchBuilder.allocate(size);
        long now = clock.millis();
        for (Entry entry : entries) {
            builder.append(now, key(entry), entry.offset() == null ? null : value(entry.offset()));
        }
        offsetsLog.append(builder.build());
    }

    private static byte[] key(Entry entry) {
        byte[] group = utf8(entry.group());
        byte[] topic = utf8(entry.partition().topic());
        ByteBuffer key = ByteBuffer.allocate(2 + 2 + group.length + 2 + topic.length + 4);
        key.putShort(FORMAT_VERSION).putShort((short) group.length).put(group).putShort((short) topic.length).put(topic)
                .putInt(entry.partition().partition());
        return key.array();
    }

    private static byte[] value(OffsetAndMetadata om) {
        byte[] metadata = om.metadata() == null ? null : utf8(om.metadata());
        ByteBuffer value = ByteBuffer.allocate(2 + 8 + 8 + 2 + (metadata == null ? 0 : metadata.length));
        value.putShort(FORMAT_VERSION).putLong(om.offset()).putLong(om.commitTimestamp());
        if (metadata == null) {
            value.putShort((short) -1);
        } else {
            value.putShort((short) metadata.length).put(metadata);
        }
        return value.array();
    }

    private static String readString(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Rewrites the live entries at the log's end and drops what lies before, once the log is large. */
    private void maybeCompact() {
        // Twice the size left by the last compaction as well: live offsets alone may exceed the
        // threshold, and rewriting them on every commit would never end.
        if (offsetsLog.sizeInBytes() < Math.max(compactionBytes, 2 * sizeAfterCompaction)) {
            return;
        }
        offsetsLog.roll();
        long snapshotStart = offsetsLog.logEndOffset();
        List<Entry> live = new ArrayList<>();
        groups.forEach((group, offsets) -> offsets.forEach((tp, om) -> live.add(new Entry(group, tp, om))));
        for (int from = 0; from < live.size(); from += 1000) {
            append(live.subList(from, Math.min(live.size(), from + 1000)));
        }
        // The old segments hold the only durable copies until the rewritten ones are synced.
        offsetsLog.flush();
        int deleted = offsetsLog.deleteSegmentsBefore(snapshotStart);
        sizeAfterCompaction = offsetsLog.sizeInBytes();
        log.info("compacted the offsets log: {} live offset(s) rewritten, {} old segment(s) deleted", live.size(),
                deleted);
    }

    @Override
    public void close() {
        offsetsLog.close();
    }
}
