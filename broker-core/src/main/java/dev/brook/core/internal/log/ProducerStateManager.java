package dev.brook.core.internal.log;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.InvalidProducerEpochException;
import dev.brook.protocol.errors.OutOfOrderSequenceException;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.Records;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A partition's idempotent producers: checks each appended batch that carries a producer id
 * against what the partition knows of that producer, as Kafka's broker does, and remembers the
 * batches it accepts.
 *
 * <p>For each batch with a producer id, in this order:
 * <ol>
 *   <li>same epoch as known, and the exact sequence range of one of the last five batches: a
 *       retry. Nothing is stored; the original offsets are returned;</li>
 *   <li>an epoch older than known: {@link InvalidProducerEpochException} (what Kafka answers a
 *       produce request, since 2.7, rather than the fatal {@code PRODUCER_FENCED});</li>
 *   <li>a newer epoch must start at sequence 0, and the same epoch must go on at the last
 *       sequence + 1 (wrapping from {@link Integer#MAX_VALUE} to 0); otherwise
 *       {@link OutOfOrderSequenceException};</li>
 *   <li>a producer the partition does not know (new, expired, or whose batches retention deleted
 *       before any snapshot kept them) may start at any sequence: Kafka has accepted that since
 *       KIP-360 rather than answer {@code UNKNOWN_PRODUCER_ID}.</li>
 * </ol>
 * A request's batches are all checked before any is stored, so a refusal stores nothing.
 * Producers idle for {@code producer.id.expiration.ms} (by the broker's clock) count as unknown
 * and are dropped by {@link #expire}.
 *
 * <p>Not thread-safe: the owning {@link PartitionLog} calls it only under its append lock, the
 * partition's single writer, and the loader before the log is published.
 */
final class ProducerStateManager {
    private final TopicPartition topicPartition;
    private final long expirationMs;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();

    ProducerStateManager(TopicPartition topicPartition, long expirationMs) {
        if (expirationMs <= 0) {
            throw new IllegalArgumentException("producer.id.expiration.ms must be positive, got " + expirationMs);
        }
        this.topicPartition = topicPartition;
        this.expirationMs = expirationMs;
    }

    /**
     * Checks the batches of one request that would be stored from {@code firstOffset} on, and
     * returns what to remember once they are stored, or the original offsets if they are all
     * retries. Changes nothing.
     *
     * @param logAppendTime the time the log will stamp on the batches, or
     *     {@link RecordBatch#NO_TIMESTAMP} when it keeps the producers' timestamps
     * @throws InvalidProducerEpochException if a batch's epoch is older than its producer's
     * @throws OutOfOrderSequenceException if a batch does not continue its producer's sequence, or
     *     the request mixes retried batches with new ones
     */
    Check check(ByteBuffer records, long firstOffset, long logAppendTime, long nowMs) {
        Map<Long, ProducerStateEntry> staged = new HashMap<>();
        long offset = firstOffset;
        BatchMetadata firstDuplicate = null;
        BatchMetadata lastDuplicate = null;
        int duplicateRecords = 0;
        int newBatches = 0;
        for (RecordBatch batch : Records.strictBatches(records)) {
            long baseOffset = offset;
            offset = baseOffset + batch.lastOffsetDelta() + 1;
            long producerId = batch.producerId();
            if (producerId < 0) {
                newBatches++;
                continue;
            }
            ProducerStateEntry current = staged.containsKey(producerId) ? staged.get(producerId) : live(producerId, nowMs);
            short epoch = batch.producerEpoch();
            int firstSeq = batch.baseSequence();
            int lastSeq = BatchMetadata.addToSequence(firstSeq, batch.lastOffsetDelta());
            BatchMetadata original = current != null && current.epoch() == epoch ? current.findBatch(firstSeq, lastSeq) : null;
            if (original != null) {
                firstDuplicate = firstDuplicate == null ? original : firstDuplicate;
                lastDuplicate = original;
                duplicateRecords += batch.recordCount();
                continue;
            }
            checkEpochAndSequence(current, producerId, epoch, firstSeq, baseOffset);
            newBatches++;
            long timestamp = logAppendTime != RecordBatch.NO_TIMESTAMP ? logAppendTime : batch.maxTimestamp();
            BatchMetadata accepted = new BatchMetadata(firstSeq, lastSeq, baseOffset, offset - 1, timestamp);
            staged.put(producerId, current == null ? ProducerStateEntry.first(producerId, epoch, accepted, nowMs)
                    : current.withBatch(epoch, accepted, nowMs));
        }
        if (firstDuplicate == null) {
            return new Check(staged, null, null, 0);
        }
        if (newBatches > 0) {
            // One result cannot say "some stored now, some stored before"; Kafka's producers never
            // send more than one batch per partition, so this is a confused client.
            throw new OutOfOrderSequenceException("a request to " + topicPartition + " mixes retried batches (the "
                    + "first stored at offset " + firstDuplicate.firstOffset() + ") with " + newBatches + " new one(s)");
        }
        return new Check(Map.of(), firstDuplicate, lastDuplicate, duplicateRecords);
    }

    private void checkEpochAndSequence(ProducerStateEntry current, long producerId, short epoch, int firstSeq,
            long offset) {
        if (current == null) {
            return;
        }
        if (epoch < current.epoch()) {
            throw new InvalidProducerEpochException("producer " + producerId + " wrote to " + topicPartition
                    + " at offset " + offset + " with epoch " + epoch + ", older than its current epoch "
                    + current.epoch());
        }
        if (epoch != current.epoch()) {
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("producer " + producerId + " began epoch " + epoch + " on "
                        + topicPartition + " at offset " + offset + " with sequence " + firstSeq
                        + "; a new epoch must begin with sequence 0");
            }
            return;
        }
        int expected = BatchMetadata.addToSequence(current.lastSeq(), 1);
        if (firstSeq != expected) {
            throw new OutOfOrderSequenceException("producer " + producerId + " (epoch " + epoch + ") sent sequence "
                    + firstSeq + " to " + topicPartition + " at offset " + offset + ", but its next sequence is "
                    + expected);
        }
    }

    /** Remembers what a successful {@link #check} staged, once its batches are stored. */
    void apply(Check check) {
        producers.putAll(check.updates);
    }

    /**
     * Remembers a batch found in the log while rebuilding the state at load, without checks: it
     * was accepted when it was appended.
     */
    void replay(long producerId, short epoch, BatchMetadata batch, long nowMs) {
        ProducerStateEntry current = producers.get(producerId);
        if (current == null) {
            producers.put(producerId, ProducerStateEntry.first(producerId, epoch, batch, nowMs));
        } else if (epoch >= current.epoch()) {
            producers.put(producerId, current.withBatch(epoch, batch, nowMs));
        }
    }

    /** Adds an entry read from a snapshot. */
    void restore(ProducerStateEntry entry) {
        producers.put(entry.producerId(), entry);
    }

    /** Forgets producers idle for the expiration time; returns how many. */
    int expire(long nowMs) {
        int before = producers.size();
        producers.values().removeIf(entry -> isExpired(entry, nowMs));
        return before - producers.size();
    }

    /** Every remembered producer, for a snapshot; the caller must not keep it past the lock. */
    Collection<ProducerStateEntry> entries() {
        return new ArrayList<>(producers.values());
    }

    /** The producer's live entry, or null when unknown or expired. */
    ProducerStateEntry live(long producerId, long nowMs) {
        ProducerStateEntry entry = producers.get(producerId);
        return entry == null || isExpired(entry, nowMs) ? null : entry;
    }

    int size() {
        return producers.size();
    }

    private boolean isExpired(ProducerStateEntry entry, long nowMs) {
        return nowMs - entry.lastAppendMs() >= expirationMs;
    }

    /**
     * The outcome of {@link #check}: either the producers' entries to remember once the batches
     * are stored, or the original batches of a retry. Immutable.
     */
    static final class Check {
        private final Map<Long, ProducerStateEntry> updates;
        private final BatchMetadata firstDuplicate;
        private final BatchMetadata lastDuplicate;
        private final int duplicateRecords;

        private Check(Map<Long, ProducerStateEntry> updates, BatchMetadata firstDuplicate,
                BatchMetadata lastDuplicate, int duplicateRecords) {
            this.updates = updates;
            this.firstDuplicate = firstDuplicate;
            this.lastDuplicate = lastDuplicate;
            this.duplicateRecords = duplicateRecords;
        }

        /** Whether every batch was a retry of one already stored. */
        boolean isDuplicate() {
            return firstDuplicate != null;
        }

        /** For a duplicate: the original metadata of the first and last retried batch. */
        List<BatchMetadata> duplicateRange() {
            return List.of(firstDuplicate, lastDuplicate);
        }

        int duplicateRecords() {
            return duplicateRecords;
        }
    }
}
