package dev.brook.core.internal.log;

import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.RecordBatch;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which parts of a segment file are known to hold only batches that pass their CRC-32C: the bytes
 * this broker appended (checked before they were written), recovered (checked batch by batch), or
 * checked on an earlier read. Fetches send file regions straight to sockets, so a batch damaged on
 * disk after it was written would otherwise reach a client as if it were good: a read of a region
 * not yet known to be good first checks the batches it is about to send, and refuses a damaged one
 * with a {@link CorruptRecordException} naming the file, position and offset.
 *
 * <p>Known-good parts only grow: a prefix (the common case, kept in one volatile int so that the
 * tail reads of a live partition cost nothing more) and, past it, checked ranges that merge into the
 * prefix as they meet it. Each byte of a segment is checked at most once while it is open, so a
 * consumer reading old data pays one sequential CRC pass and later reads stay zero-copy, and a
 * consumer starting at the end after a restart checks only what it reads.
 *
 * <p>Thread-safe: checks are serialized per segment; {@link #appended} is called by the writer.
 */
final class VerifiedRegion {
    private static final Logger log = LoggerFactory.getLogger(VerifiedRegion.class);
    private static final int INITIAL_BUFFER = 64 * 1024;
    private static final ThreadLocal<ByteBuffer[]> BUFFER = ThreadLocal.withInitial(
            () -> new ByteBuffer[] {ByteBuffer.allocate(INITIAL_BUFFER)});

    private final AtomicInteger verifiedBytes = new AtomicInteger();
    private final Object checkLock = new Object();
    /** Checked ranges beyond the prefix, start to end, disjoint and not touching; guarded by checkLock. */
    private final TreeMap<Integer, Integer> checkedRanges = new TreeMap<>();

    /** The length of the known-good prefix. */
    int verifiedBytes() {
        return verifiedBytes.get();
    }

    /** Marks the whole file as checked, after recovery validated every batch. */
    void recovered(int size) {
        verifiedBytes.set(size);
    }

    /** Records batches the writer just appended, checked before they were written, as good. */
    void appended(int start, int end) {
        if (verifiedBytes.get() >= start) {
            verifiedBytes.accumulateAndGet(end, Math::max);
            return;
        }
        synchronized (checkLock) {
            addChecked(start, end);
        }
    }

    /**
     * Checks every batch from {@code startPosition} to {@code endPosition} (both batch boundaries)
     * that is not known to be good yet.
     *
     * @throws CorruptRecordException for a batch that fails its CRC or whose length runs past the region
     */
    void verify(int startPosition, int endPosition, FileChannel channel, Path file, long baseOffset) throws IOException {
        if (endPosition <= verifiedBytes.get()) {
            return;
        }
        synchronized (checkLock) {
            int position = Math.max(startPosition, verifiedBytes.get());
            int checkedFrom = position;
            ByteBuffer[] holder = BUFFER.get();
            while (position < endPosition) {
                Map.Entry<Integer, Integer> known = checkedRanges.floorEntry(position);
                if (known != null && known.getValue() > position) {
                    position = known.getValue();
                    continue;
                }
                ByteBuffer header = holder[0].clear().limit(RecordBatch.LOG_OVERHEAD);
                readFully(channel, header, position);
                int size = RecordBatch.LOG_OVERHEAD + header.getInt(RecordBatch.LENGTH_OFFSET);
                if (size < RecordBatch.RECORD_BATCH_OVERHEAD || position + (long) size > endPosition) {
                    throw corrupt(file, position, header.getLong(RecordBatch.BASE_OFFSET_OFFSET),
                            "its length field claims " + size + " bytes");
                }
                if (holder[0].capacity() < size) {
                    holder[0] = ByteBuffer.allocate(Math.max(size, holder[0].capacity() * 2));
                }
                ByteBuffer batchBytes = holder[0].clear().limit(size);
                readFully(channel, batchBytes, position);
                RecordBatch batch = RecordBatch.wrap(batchBytes.flip(), 0);
                if (!batch.isValid()) {
                    throw corrupt(file, position, batch.baseOffset(), "it fails its CRC-32C check");
                }
                position += size;
            }
            addChecked(checkedFrom, Math.max(endPosition, position));
        }
    }

    /** Records [start, end) as checked, merging ranges and folding them into the prefix. Under checkLock. */
    private void addChecked(int start, int end) {
        int from = start;
        int to = end;
        Map.Entry<Integer, Integer> before = checkedRanges.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            from = before.getKey();
            to = Math.max(to, before.getValue());
            checkedRanges.remove(before.getKey());
        }
        Map.Entry<Integer, Integer> after = checkedRanges.ceilingEntry(from);
        while (after != null && after.getKey() <= to) {
            to = Math.max(to, after.getValue());
            checkedRanges.remove(after.getKey());
            after = checkedRanges.ceilingEntry(from);
        }
        if (from <= verifiedBytes.get()) {
            verifiedBytes.accumulateAndGet(to, Math::max);
        } else {
            checkedRanges.put(from, to);
        }
    }

    private static CorruptRecordException corrupt(Path file, int position, long offset, String why) {
        String message = "the batch at position " + position + " of " + file + " (base offset " + offset
                + ") is damaged: " + why + "; it is not served";
        log.error(message);
        return new CorruptRecordException(message);
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                throw new EOFException("end of file at " + at + " while checking a batch");
            }
            at += read;
        }
    }
}
