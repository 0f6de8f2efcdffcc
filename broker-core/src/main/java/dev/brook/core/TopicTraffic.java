package dev.brook.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what one topic has taken in and handed out since the broker opened: bytes and
 * records appended, bytes and records read. A server turns them into rates for its metrics; the counts start
 * at zero at every open and are not kept on disk.
 *
 * <p>Thread-safe: appends and reads on any thread add to it without contention ({@link LongAdder}).
 */
public final class TopicTraffic {
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder recordsOut = new LongAdder();
    private final LongAdder reads = new LongAdder();

    /** Counts one successful append, not a duplicate one. */
    void appended(int bytes, int records) {
        bytesIn.add(bytes);
        recordsIn.add(records);
    }

    /** Counts one read that returned {@code bytes} of batches holding {@code records} records. */
    void read(int bytes, long records) {
        bytesOut.add(bytes);
        recordsOut.add(records);
        reads.increment();
    }

    /** Bytes of record batches appended. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Records appended. */
    public long recordsIn() {
        return recordsIn.sum();
    }

    /** Bytes of record batches returned by reads (fetches), whole batches included. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /**
     * Records in the batches returned by reads (fetches): whole batches, as for {@link #bytesOut()},
     * counted from the batch headers, never by opening the batches.
     */
    public long recordsOut() {
        return recordsOut.sum();
    }

    /** Reads served, each of one partition. */
    public long reads() {
        return reads.sum();
    }
}
