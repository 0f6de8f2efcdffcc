package dev.brook.client.consumer.internal;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.Records;
import dev.brook.protocol.record.TimestampType;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * One partition's part of a fetch response, waiting in the consumer's buffer, and how far
 * {@code poll} has read it; or the error the broker returned for the partition.
 *
 * <p>Records are decoded lazily, batch by batch, straight from the response buffer. Each batch's
 * CRC-32C is checked before its records are read. Records below the position are skipped: the
 * first batch is the one that contains the fetch offset, so it may start before it. After a whole
 * batch the position moves to the batch's next offset, even past offsets that held no record.
 *
 * <p>An error found while reading (a damaged batch, a deserializer that throws) stops the reading
 * where it is and stays: every later read reports it again, until the partition is sought and this
 * fetch discarded. An error the broker returned is reported once and the entry dropped, so that the
 * next fetch tries again.
 *
 * <p>Not thread-safe: owned by the polling thread.
 */
final class CompletedFetch {
    /** Takes one decoded record; may throw, and the record then counts as not taken. */
    @FunctionalInterface
    interface RecordSink {
        void accept(Record record, TimestampType timestampType);
    }

    private final TopicPartition partition;
    private final long fetchOffset;
    private final int sizeInBytes;
    private final long nextFetchOffset;
    private final Iterator<RecordBatch> batches;
    private final boolean brokerError;
    private RecordBatch batch;
    private Iterator<Record> records;
    private long position;
    /** Bytes of the batches reading has reached (the current one included). */
    private int bytesReached;
    private boolean consumed;
    private RuntimeException error;

    private CompletedFetch(TopicPartition partition, long fetchOffset, ByteBuffer data, RuntimeException brokerError) {
        this.partition = partition;
        this.fetchOffset = fetchOffset;
        this.position = fetchOffset;
        this.error = brokerError;
        this.brokerError = brokerError != null;
        this.sizeInBytes = data == null ? 0 : data.remaining();
        this.batches = data == null ? null : Records.batches(data).iterator();
        this.nextFetchOffset = data == null ? -1 : endOffset(data);
    }

    /** The records a fetch at {@code fetchOffset} returned, a run of whole batches. */
    static CompletedFetch ofRecords(TopicPartition partition, long fetchOffset, ByteBuffer data) {
        return new CompletedFetch(partition, fetchOffset, data, null);
    }

    /** The error a fetch at {@code fetchOffset} returned for the partition. */
    static CompletedFetch ofError(TopicPartition partition, long fetchOffset, RuntimeException error) {
        return new CompletedFetch(partition, fetchOffset, null, error);
    }

    /** The offset after the last whole batch, by the batch headers; -1 when there is none or they are damaged. */
    private static long endOffset(ByteBuffer data) {
        long end = -1;
        try {
            for (RecordBatch batch : Records.batches(data)) {
                end = batch.nextOffset();
            }
        } catch (CorruptRecordException e) {
            return -1; // reported when the damaged batch is read
        }
        return end;
    }

    TopicPartition partition() {
        return partition;
    }

    long fetchOffset() {
        return fetchOffset;
    }

    int sizeInBytes() {
        return sizeInBytes;
    }

    /**
     * The bytes of the batches reading has not reached yet: what is still ahead of {@code poll}.
     * The fetcher asks for more of the partition once this is below what one fetch brings, so
     * that the next response arrives while these are read.
     */
    int unreadBytes() {
        return consumed || error != null ? 0 : sizeInBytes - bytesReached;
    }

    /** Where a fetch that continues after this one starts; -1 if none should (an error, or nothing whole). */
    long nextFetchOffset() {
        return error != null ? -1 : nextFetchOffset;
    }

    /** Whether every batch has been read. */
    boolean isConsumed() {
        return consumed;
    }

    /** The error to report for the partition, or null. */
    RuntimeException error() {
        return error;
    }

    /** Whether the error came from the broker (reported once) rather than from reading (reported until a seek). */
    boolean isBrokerError() {
        return brokerError;
    }

    /** The position after what has been read: the next offset {@code poll} returns for the partition. */
    long position() {
        return position;
    }

    /**
     * Hands up to {@code max} records at or after {@code startPosition} to {@code sink}, in offset
     * order, moving {@link #position()} past each. Stops early at the end of the data, or at an
     * error, which {@link #error()} then holds.
     *
     * @return the number of records taken
     */
    int drain(long startPosition, int max, RecordSink sink) {
        if (error != null || consumed) {
            return 0;
        }
        position = Math.max(position, startPosition);
        int taken = 0;
        try {
            while (taken < max && nextRecordReady()) {
                Record record = records.next();
                if (record.offset() < position) {
                    continue;
                }
                sink.accept(record, batch.timestampType());
                position = record.offset() + 1;
                taken++;
            }
            if (taken == max) {
                nextRecordReady(); // notices the end of the data, so that the buffer frees it now
            }
        } catch (CorruptRecordException e) {
            error = new CorruptRecordException("partition " + partition + ": the records from offset " + position
                    + " cannot be read: " + e.getMessage() + "; seek past the damaged batch to skip it");
        } catch (UnsupportedOperationException e) {
            error = new UnsupportedOperationException("partition " + partition + " at offset " + position + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            error = e;
        }
        return taken;
    }

    /** Whether {@link #records} has a next record, moving to the next readable batch as needed. */
    private boolean nextRecordReady() {
        while (records == null || !records.hasNext()) {
            if (batch != null) {
                position = Math.max(position, batch.nextOffset());
                batch = null;
                records = null;
            }
            if (!batches.hasNext()) {
                consumed = true;
                return false;
            }
            RecordBatch next = batches.next();
            bytesReached += next.sizeInBytes();
            if (!next.isValid()) {
                throw new CorruptRecordException(String.format("the record batch at offsets %d to %d failed its"
                        + " CRC-32C check (stored 0x%08x, computed 0x%08x)", next.baseOffset(), next.lastOffset(),
                        next.checksum(), next.computeChecksum()));
            }
            if (next.lastOffset() < position || next.isControlBatch()) {
                position = Math.max(position, next.nextOffset());
                continue;
            }
            records = next.iterator();
            batch = next;
        }
        return true;
    }

    @Override
    public String toString() {
        return "CompletedFetch(" + partition + " from " + fetchOffset + ", " + sizeInBytes + " bytes"
                + (error == null ? "" : ", error " + error) + ")";
    }
}
