package dev.brook.client.producer.internal;

import dev.brook.client.producer.Callback;
import dev.brook.client.producer.RecordMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.record.Header;
import dev.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records of one partition collected into one RecordBatch v2, built in place in a buffer from the
 * {@link BufferPool}, with the future of each record.
 *
 * <p>Appends happen under the lock of the partition's queue in the {@link RecordAccumulator}; once
 * {@link #close()}d (when it is drained for sending) the batch is read-only and may be sent, retried
 * and completed from other threads.
 */
final class ProducerBatch {
    final TopicPartition topicPartition;
    final ByteBuffer buffer;
    final long createdMs;
    /** The batch's place in its partition's creation order: where a retry puts it back. */
    final long sequence;
    private final RecordBatchBuilder builder;
    private final List<RecordFuture> futures;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ByteBuffer built;
    private boolean full;
    int attempts;
    long retryAtMs;

    ProducerBatch(TopicPartition topicPartition, ByteBuffer buffer, long createdMs, long sequence) {
        this.topicPartition = topicPartition;
        this.buffer = buffer;
        this.createdMs = createdMs;
        this.sequence = sequence;
        // Sized for records of about 64 bytes in the batch, so that a batch of small records does
        // not copy its list of futures over and over as it fills (an ArrayList grows by half).
        this.futures = new ArrayList<>(Math.max(16, Math.min(1024, buffer.capacity() / 64)));
        this.builder = new RecordBatchBuilder(buffer, 0L);
    }

    /**
     * One record's future, carrying what its metadata and callback need: one object per record
     * rather than a future and a holder beside it. Dependent stages are plain futures.
     */
    private static final class RecordFuture extends CompletableFuture<RecordMetadata> {
        final Callback callback;
        final long timestamp;
        final int keySize;
        final int valueSize;

        RecordFuture(Callback callback, long timestamp, int keySize, int valueSize) {
            this.callback = callback;
            this.timestamp = timestamp;
            this.keySize = keySize;
            this.valueSize = valueSize;
        }
    }

    /** Appends a record; returns its future, or null when the batch has no room (it is then full). */
    CompletableFuture<RecordMetadata> tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers,
            Callback callback) {
        if (built != null || full) {
            return null;
        }
        if (!builder.tryAppend(timestamp, key, value, headers)) {
            full = true;
            return null;
        }
        RecordFuture future = new RecordFuture(callback, timestamp, key == null ? -1 : key.length,
                value == null ? -1 : value.length);
        futures.add(future);
        return future;
    }

    boolean isFull() {
        return full || buffer.remaining() < 64;
    }

    int recordCount() {
        return futures.size();
    }

    boolean isClosed() {
        return built != null;
    }

    /** Finishes the batch for sending; returns its bytes. Idempotent. */
    ByteBuffer close() {
        if (built == null) {
            built = builder.build();
        }
        return built.duplicate();
    }

    int sizeInBytes() {
        return built != null ? built.remaining() : builder.sizeInBytes();
    }

    /** Completes every record: offsets from {@code baseOffset} (-1 when unknown, for acks=0). */
    void complete(long baseOffset, long logAppendTime) {
        for (int i = 0; i < futures.size(); i++) {
            RecordFuture future = futures.get(i);
            long timestamp = logAppendTime >= 0 ? logAppendTime : future.timestamp;
            RecordMetadata metadata = new RecordMetadata(topicPartition.topic(), topicPartition.partition(),
                    baseOffset < 0 ? -1 : baseOffset + i, timestamp, future.keySize, future.valueSize);
            // The callback runs first, so that whoever waits on the future sees its effects.
            if (future.callback != null) {
                runCallback(future.callback, metadata, null);
            }
            future.complete(metadata);
        }
        done.complete(null);
    }

    /** Fails every record with {@code failure}. */
    void fail(RuntimeException failure) {
        for (RecordFuture future : futures) {
            if (future.callback != null) {
                runCallback(future.callback, null, failure);
            }
            future.completeExceptionally(failure);
        }
        done.complete(null);
    }

    /** Completes when every record of the batch has its outcome. */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Runs a user's callback; whatever it throws is logged, an {@code Error} such as a failed
     * assertion included, so that the batch's other records, its memory and its partition are
     * still completed and released. Only the JVM's own errors (out of memory) go on.
     */
    private static void runCallback(Callback callback, RecordMetadata metadata, Exception failure) {
        try {
            callback.onCompletion(metadata, failure);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            org.slf4j.LoggerFactory.getLogger(ProducerBatch.class).error("a producer callback threw", e);
        }
    }
}
