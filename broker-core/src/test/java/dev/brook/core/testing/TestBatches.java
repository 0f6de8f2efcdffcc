package dev.brook.core.testing;

import dev.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds record batches for tests. */
public final class TestBatches {
    private TestBatches() {
    }

    /** One batch of {@code count} records with values {@code prefix-0 ..}, all stamped {@code timestamp}. */
    public static ByteBuffer batch(long timestamp, String prefix, int count) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(64 + count * (prefix.length() + 32)), 0L);
        for (int i = 0; i < count; i++) {
            builder.append(timestamp, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /**
     * One idempotent producer's batch of {@code count} records with values {@code prefix-0 ..},
     * sequences {@code baseSequence} on.
     */
    public static ByteBuffer idempotent(long producerId, short epoch, int baseSequence, int count, String prefix) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(128 + count * (prefix.length() + 32)), 0L)
                .producer(producerId, epoch, baseSequence);
        for (int i = 0; i < count; i++) {
            builder.append(1_000L + i, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** One batch with one record of {@code valueSize} bytes. */
    public static ByteBuffer sized(long timestamp, int valueSize) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(128 + valueSize), 0L);
        builder.append(timestamp, null, new byte[valueSize]);
        return builder.build();
    }

    /** Several batches laid end to end in one buffer. */
    public static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer batch : batches) {
            size += batch.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer batch : batches) {
            all.put(batch.duplicate());
        }
        return all.flip();
    }

    public static String value(dev.brook.protocol.record.Record record) {
        return StandardCharsets.UTF_8.decode(record.value()).toString();
    }
}
