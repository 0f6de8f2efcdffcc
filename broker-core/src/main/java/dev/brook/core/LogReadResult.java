package dev.brook.core;

import dev.brook.protocol.errors.StorageException;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.Records;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a read: a region of one segment file holding whole record batches, plus the
 * partition's start and end offsets at the time of the read.
 *
 * <p>The region is handed out as a file channel, a position and a size, so that a server can pass
 * it to the socket without copying it through the heap ({@link #transferTo}, or Netty's
 * {@code FileRegion}). The channel belongs to the log: callers must not close it. It stays open for
 * at least {@code file.delete.delay.ms} after retention deletes the segment, which bounds how long
 * a caller may hold a result before using it.
 *
 * <p>Immutable and thread-safe; each method reads the file with positional reads.
 */
public final class LogReadResult {
    private final FileChannel channel;
    private final long position;
    private final int sizeInBytes;
    private final long logStartOffset;
    private final long logEndOffset;
    private final long recordCount;

    /**
     * @param recordCount the records in the region's batches, whole batches counted (as the
     *     offsets they span, which in a log without compaction is the same)
     */
    public LogReadResult(FileChannel channel, long position, int sizeInBytes, long logStartOffset, long logEndOffset,
            long recordCount) {
        if (recordCount < 0 || (sizeInBytes == 0 && recordCount != 0)) {
            throw new IllegalArgumentException("a read of " + sizeInBytes + " bytes cannot hold " + recordCount
                    + " records");
        }
        this.channel = channel;
        this.position = position;
        this.sizeInBytes = sizeInBytes;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
        this.recordCount = recordCount;
    }

    /** A result with no data. */
    public static LogReadResult empty(long logStartOffset, long logEndOffset) {
        return new LogReadResult(null, 0, 0, logStartOffset, logEndOffset, 0);
    }

    /** The segment file holding the data, or null when there is none. Do not close it. */
    public FileChannel channel() {
        return channel;
    }

    /** Where the data starts in {@link #channel()}. */
    public long position() {
        return position;
    }

    /** How many bytes of whole batches the result holds; 0 when there is nothing to read. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /**
     * How many records the result's batches hold, whole batches counted even where the read began
     * inside one; known from the batch headers the read walked, without reading the records.
     */
    public long recordCount() {
        return recordCount;
    }

    public boolean isEmpty() {
        return sizeInBytes == 0;
    }

    /** The first offset still stored in the partition. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record will get. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** Writes the data to {@code target}, which a socket channel can take without a copy in user space. */
    public long transferTo(WritableByteChannel target) {
        long done = 0;
        try {
            while (done < sizeInBytes) {
                long n = channel.transferTo(position + done, sizeInBytes - done, target);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
        } catch (IOException e) {
            throw new StorageException("could not transfer " + sizeInBytes + " bytes of log data", e);
        }
        return done;
    }

    /** Copies the data into a new heap buffer, positioned at 0. */
    public ByteBuffer readAll() {
        ByteBuffer bytes = ByteBuffer.allocate(sizeInBytes);
        try {
            while (bytes.hasRemaining()) {
                int n = channel.read(bytes, position + bytes.position());
                if (n < 0) {
                    throw new StorageException("log file ended while reading " + sizeInBytes + " bytes at position "
                            + position, null);
                }
            }
        } catch (IOException e) {
            throw new StorageException("could not read " + sizeInBytes + " bytes of log data", e);
        }
        return bytes.flip();
    }

    /** The batches, copied into one heap buffer. */
    public List<RecordBatch> batches() {
        List<RecordBatch> batches = new ArrayList<>();
        if (sizeInBytes > 0) {
            for (RecordBatch batch : Records.strictBatches(readAll())) {
                batches.add(batch);
            }
        }
        return batches;
    }

    /** Every record of every batch, in offset order: convenient for embedded use and tests. */
    public List<Record> records() {
        List<Record> records = new ArrayList<>();
        for (RecordBatch batch : batches()) {
            batch.records().forEach(records::add);
        }
        return records;
    }

    @Override
    public String toString() {
        return "LogReadResult(position=" + position + ", size=" + sizeInBytes + ", records=" + recordCount + ", logStartOffset=" + logStartOffset
                + ", logEndOffset=" + logEndOffset + ")";
    }
}
