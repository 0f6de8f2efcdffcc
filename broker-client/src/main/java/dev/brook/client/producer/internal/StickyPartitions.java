package dev.brook.client.producer.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partition that records without a key go to, per topic: the producer keeps sending them to
 * one partition until about {@code batch.size} bytes have gone there, then moves on to another
 * chosen at random (Kafka's uniform sticky partitioner, KIP-794). Keyless records so fill whole
 * batches instead of spreading thin ones over every partition, and every partition gets about the
 * same number of bytes however the batches are cut. Switching when a new batch starts (Kafka's
 * earlier sticky partitioner, KIP-480) would instead switch on every record at {@code linger.ms=0}
 * and give the partitions whose requests are slower more records.
 *
 * <p>A move waits until the partition's last batch is full, so that a batch sent early (by
 * {@code linger.ms}) is not followed by a small remainder, unless twice {@code batch.size} has
 * gone to the partition (records with keys may keep starting batches there). With one broker,
 * every partition has the same leader: there is no slower broker to weigh partitions against, so
 * the choice is uniform.
 *
 * <p>Thread-safe: the state of a topic is swapped whole when it moves on, and bytes counted against
 * a partition the topic has already left are ignored.
 */
public final class StickyPartitions {
    private final int batchSize;
    private final Map<String, Sticky> current = new ConcurrentHashMap<>();

    /** @param batchSize {@code batch.size}: how many bytes go to a partition before moving on */
    public StickyPartitions(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch.size must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** The partition of {@code topic} (with {@code partitions} partitions) that a keyless record goes to now. */
    public int partition(String topic, int partitions) {
        Sticky sticky = current.get(topic);
        while (sticky == null || sticky.partition >= partitions) {
            Sticky chosen = new Sticky(ThreadLocalRandom.current().nextInt(partitions));
            if (sticky == null ? current.putIfAbsent(topic, chosen) == null : current.replace(topic, sticky, chosen)) {
                return chosen.partition;
            }
            sticky = current.get(topic);
        }
        return sticky.partition;
    }

    /**
     * Counts {@code bytes} appended to {@code partition} of {@code topic}, and moves the topic on to
     * another partition once enough has gone there.
     *
     * @param lastBatchFull whether the partition's last batch, the one just appended to, is full
     */
    public void appended(String topic, int partition, int partitions, int bytes, boolean lastBatchFull) {
        Sticky sticky = current.get(topic);
        if (sticky == null || sticky.partition != partition) {
            return; // another thread moved the topic on meanwhile
        }
        int produced = sticky.producedBytes.addAndGet(bytes);
        if (produced >= batchSize && lastBatchFull || produced >= 2 * batchSize) {
            current.replace(topic, sticky, new Sticky(another(partition, partitions)));
        }
    }

    /** A partition chosen uniformly among those other than {@code previous}, when there are others. */
    private static int another(int previous, int partitions) {
        if (partitions == 1) {
            return 0;
        }
        int chosen = ThreadLocalRandom.current().nextInt(partitions - 1);
        return chosen >= previous ? chosen + 1 : chosen;
    }

    /** A topic's partition and the bytes sent to it since it was chosen. */
    private static final class Sticky {
        final int partition;
        final AtomicInteger producedBytes = new AtomicInteger();

        Sticky(int partition) {
            this.partition = partition;
        }
    }
}
