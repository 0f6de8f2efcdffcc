package dev.brook.core.internal.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One idempotent producer as a partition knows it: the newest epoch it has written with, the
 * metadata of its last {@value #MAX_CACHED_BATCHES} batches of that epoch (oldest first), and when
 * the broker last appended for it. Kafka's producers keep at most five batches in flight per
 * partition, so a retry is always one of those five.
 *
 * <p>Immutable: an append makes a new entry, so a request's changes can be staged and dropped if
 * any of its batches is refused. Thread-safe.
 */
final class ProducerStateEntry {
    static final int MAX_CACHED_BATCHES = 5;

    private final long producerId;
    private final short epoch;
    private final List<BatchMetadata> batches;
    private final long lastAppendMs;

    ProducerStateEntry(long producerId, short epoch, List<BatchMetadata> batches, long lastAppendMs) {
        if (batches.isEmpty() || batches.size() > MAX_CACHED_BATCHES) {
            throw new IllegalArgumentException("producer " + producerId + " must have 1 to " + MAX_CACHED_BATCHES
                    + " batches, got " + batches.size());
        }
        this.producerId = producerId;
        this.epoch = epoch;
        this.batches = Collections.unmodifiableList(new ArrayList<>(batches));
        this.lastAppendMs = lastAppendMs;
    }

    static ProducerStateEntry first(long producerId, short epoch, BatchMetadata batch, long nowMs) {
        return new ProducerStateEntry(producerId, epoch, List.of(batch), nowMs);
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** The remembered batches of the current epoch, oldest first. */
    List<BatchMetadata> batches() {
        return batches;
    }

    long lastAppendMs() {
        return lastAppendMs;
    }

    /** The last sequence of the newest batch. */
    int lastSeq() {
        return batches.get(batches.size() - 1).lastSeq();
    }

    /** The remembered batch with exactly this sequence range, or null. */
    BatchMetadata findBatch(int firstSeq, int lastSeq) {
        for (BatchMetadata batch : batches) {
            if (batch.hasSequenceRange(firstSeq, lastSeq)) {
                return batch;
            }
        }
        return null;
    }

    /** This entry after a batch of {@code newEpoch}: a new epoch forgets the old epoch's batches. */
    ProducerStateEntry withBatch(short newEpoch, BatchMetadata batch, long nowMs) {
        List<BatchMetadata> kept = new ArrayList<>(MAX_CACHED_BATCHES);
        if (newEpoch == epoch) {
            kept.addAll(batches.subList(Math.max(0, batches.size() - (MAX_CACHED_BATCHES - 1)), batches.size()));
        }
        kept.add(batch);
        return new ProducerStateEntry(producerId, newEpoch, kept, Math.max(lastAppendMs, nowMs));
    }

    @Override
    public String toString() {
        return "Producer(id=" + producerId + ", epoch=" + epoch + ", batches=" + batches + ")";
    }
}
