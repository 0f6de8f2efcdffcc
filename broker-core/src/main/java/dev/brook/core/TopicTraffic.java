package dev.brook.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what one topic has taken in and handed out since the broker opened: bytes and
 * records appended, bytes read. A server turns them into rates for its metrics; the counts start
 * at zero at every open and are not kept on disk.
 *
 * <p>Thread-safe: appends and reads on any thread add to it without contention ({@link LongAdder}).
 */
public final class TopicTraffic {
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder reads = new LongAdder();

    /** Counts one successful append, not a duplicate one. */
    void appended(int bytes, int records) {
        bytesIn.add(bytes);
        recordsIn.add(records);
    }

    /** Counts one read that returned {@code bytes} of batches. */
    void read(int bytes) {
        bytesOut.add(bytes);
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

    /** Reads served, each of one partition. */
    public long reads() {
        return reads.sum();
    }
}
