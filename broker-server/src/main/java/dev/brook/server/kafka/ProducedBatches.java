package dev.brook.server.kafka;

import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.errors.InvalidRecordException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * The checks a Kafka client's batches get before the log's own (CRC, offsets, sizes, timestamps):
 * the v2 format, no transactional or control batches (Brook has no transactions), and for a
 * compressed batch, that it decompresses into exactly the records its header announces, with
 * offset deltas 0, 1, 2, ... A compressed batch is then stored and served exactly as it came;
 * only this check reads inside it (keys and values are skipped, not copied).
 *
 * <p>Stateless; thread-safe. Decompression buffers are cached per I/O thread.
 */
final class ProducedBatches {
    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    private ProducedBatches() {
    }

    /**
     * @throws InvalidRecordException for a batch Brook does not accept
     * @throws CorruptRecordException for a compressed batch whose contents do not match its header
     */
    static void validate(ByteBuffer batches, String where) {
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                throw new InvalidRecordException("a batch for " + where + " has message format v" + batch.magic()
                        + "; Brook stores RecordBatch v2 only (Kafka clients since 0.11 send it)");
            }
            if (batch.isTransactional() || batch.isControlBatch()) {
                throw new InvalidRecordException("a batch for " + where + " is transactional; Brook does not support "
                        + "transactions");
            }
            if (batch.compressionType() != CompressionType.NONE) {
                checkCompressed((DefaultRecordBatch) batch, where);
            }
        }
    }

    private static void checkCompressed(DefaultRecordBatch batch, String where) {
        Integer announced = batch.countOrNull();
        int expected = announced == null ? -1 : announced;
        int count = 0;
        try (CloseableIterator<Record> records = batch.skipKeyValueIterator(BUFFERS.get())) {
            while (records.hasNext()) {
                Record record = records.next();
                if (record.offset() != batch.baseOffset() + count) {
                    throw new CorruptRecordException("record " + count + " of a " + batch.compressionType().name
                            + " batch for " + where + " has offset delta " + (record.offset() - batch.baseOffset())
                            + "; deltas must run 0, 1, 2, ...");
                }
                count++;
            }
        } catch (KafkaException | IllegalStateException | IllegalArgumentException e) {
            throw new CorruptRecordException("a " + batch.compressionType().name + " batch for " + where
                    + " cannot be decompressed: " + e.getMessage());
        }
        if (count != expected || batch.lastOffset() - batch.baseOffset() != count - 1) {
            throw new CorruptRecordException("a " + batch.compressionType().name + " batch for " + where + " announces "
                    + expected + " records ending at delta " + (batch.lastOffset() - batch.baseOffset()) + " but holds "
                    + count);
        }
    }
}
