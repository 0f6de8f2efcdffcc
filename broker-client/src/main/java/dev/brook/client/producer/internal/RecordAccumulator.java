package dev.brook.client.producer.internal;

import dev.brook.client.producer.Callback;
import dev.brook.client.producer.RecordMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.record.Header;
import dev.brook.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects records into a queue of batches per partition until the sender takes them.
 *
 * <p>A partition's batches are sent in queue order, one request at a time (the partition is
 * <i>muted</i> while a request for it is in flight), and a batch that must be retried goes back to
 * the front of its queue: records of one partition are stored in the order they were sent, even
 * across retries.
 *
 * <p>Thread-safe: each queue is guarded by its own monitor; appends to different partitions do not
 * contend.
 */
public final class RecordAccumulator {
    private final BufferPool pool;
    private final int batchSize;
    private final long lingerMs;
    private final long deliveryTimeoutMs;
    private final ConcurrentMap<TopicPartition, Deque<ProducerBatch>> queues = new ConcurrentHashMap<>();
    private final Set<TopicPartition> muted = ConcurrentHashMap.newKeySet();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closing;

    public RecordAccumulator(BufferPool pool, int batchSize, long lingerMs, long deliveryTimeoutMs) {
        this.pool = pool;
        this.batchSize = batchSize;
        this.lingerMs = lingerMs;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    /** The outcome of an append. */
    public record AppendResult(CompletableFuture<RecordMetadata> future, boolean newBatchCreated, boolean batchIsFull,
            boolean abortedForNewBatch) {
    }

    /**
     * Appends a record to the partition's last batch, or to a new one. With
     * {@code abortOnNewBatch}, returns an aborted result instead of creating a batch, so that a
     * sticky partitioner can move on to another partition first.
     */
    public AppendResult append(TopicPartition tp, long timestamp, byte[] key, byte[] value, Header[] headers,
            Callback callback, long maxBlockMs, boolean abortOnNewBatch) throws InterruptedException {
        Deque<ProducerBatch> queue = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
        synchronized (queue) {
            AppendResult appended = tryAppend(queue, timestamp, key, value, headers, callback);
            if (appended != null) {
                return appended;
            }
        }
        if (abortOnNewBatch) {
            return new AppendResult(null, false, false, true);
        }
        int size = Math.max(batchSize, estimateSize(key, value, headers));
        ByteBuffer buffer = pool.allocate(size, maxBlockMs);
        synchronized (queue) {
            AppendResult appended = tryAppend(queue, timestamp, key, value, headers, callback);
            if (appended != null) {
                pool.deallocate(buffer);
                return appended;
            }
            ProducerBatch batch = new ProducerBatch(tp, buffer, System.currentTimeMillis());
            CompletableFuture<RecordMetadata> future = batch.tryAppend(timestamp, key, value, headers, callback);
            if (future == null) {
                pool.deallocate(buffer);
                throw new IllegalStateException("a record of about " + size + " bytes did not fit a batch of its own");
            }
            queue.addLast(batch);
            incomplete.add(batch);
            return new AppendResult(future, true, queue.size() > 1 || batch.isFull(), false);
        }
    }

    private static AppendResult tryAppend(Deque<ProducerBatch> queue, long timestamp, byte[] key, byte[] value,
            Header[] headers, Callback callback) {
        ProducerBatch last = queue.peekLast();
        if (last == null) {
            return null;
        }
        CompletableFuture<RecordMetadata> future = last.tryAppend(timestamp, key, value, headers, callback);
        if (future == null) {
            return null;
        }
        return new AppendResult(future, false, queue.size() > 1 || last.isFull(), false);
    }

    /** An upper bound on the bytes a batch holding just this record needs. */
    static int estimateSize(byte[] key, byte[] value, Header[] headers) {
        int size = RecordBatch.RECORD_BATCH_OVERHEAD + 32 + (key == null ? 0 : key.length)
                + (value == null ? 0 : value.length);
        for (Header header : headers) {
            size += 10 + header.key().length() * 3 + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** What the sender may send now, and when to look again. */
    public record Drained(Map<TopicPartition, List<ProducerBatch>> batches, long nextCheckMs) {
    }

    /**
     * Takes, for every unmuted partition whose first batch is ready, the batches at the front of
     * its queue up to {@code maxRequestBytes}, closes them and mutes the partition. A batch is
     * ready when it is full, another batch waits behind it, its {@code linger.ms} has passed, or a
     * flush or close is under way; one due for a retry waits for its backoff.
     */
    public Drained drain(long nowMs, int maxRequestBytes) {
        Map<TopicPartition, List<ProducerBatch>> ready = new LinkedHashMap<>();
        long nextCheck = nowMs + Math.max(lingerMs, 1);
        int requestBytes = 0;
        boolean urgent = closing || flushesInProgress.get() > 0;
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> entry : queues.entrySet()) {
            TopicPartition tp = entry.getKey();
            if (muted.contains(tp)) {
                continue;
            }
            Deque<ProducerBatch> queue = entry.getValue();
            synchronized (queue) {
                ProducerBatch first = queue.peekFirst();
                if (first == null) {
                    continue;
                }
                if (first.retryAtMs > nowMs) {
                    nextCheck = Math.min(nextCheck, first.retryAtMs);
                    continue;
                }
                boolean sendable = urgent || queue.size() > 1 || first.isFull() || first.isClosed()
                        || nowMs - first.createdMs >= lingerMs;
                if (!sendable) {
                    nextCheck = Math.min(nextCheck, first.createdMs + lingerMs);
                    continue;
                }
                List<ProducerBatch> taken = new ArrayList<>();
                while (!queue.isEmpty()) {
                    ProducerBatch batch = queue.peekFirst();
                    int size = batch.sizeInBytes();
                    if (!taken.isEmpty() && (requestBytes + size > maxRequestBytes || batch.retryAtMs > nowMs)) {
                        break;
                    }
                    if (taken.isEmpty() && !ready.isEmpty() && requestBytes + size > maxRequestBytes) {
                        break;
                    }
                    queue.pollFirst();
                    batch.close();
                    taken.add(batch);
                    requestBytes += size;
                }
                if (!taken.isEmpty()) {
                    ready.put(tp, taken);
                    muted.add(tp);
                }
            }
        }
        return new Drained(ready, nextCheck);
    }

    /** Puts batches back at the front of their queue, in order, to be retried after {@code retryAtMs}. */
    public void reenqueue(TopicPartition tp, List<ProducerBatch> batches, long retryAtMs) {
        Deque<ProducerBatch> queue = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = batches.size() - 1; i >= 0; i--) {
                ProducerBatch batch = batches.get(i);
                batch.attempts++;
                batch.retryAtMs = retryAtMs;
                queue.addFirst(batch);
            }
        }
    }

    public void unmute(TopicPartition tp) {
        muted.remove(tp);
    }

    /** Returns a finished batch's memory. */
    public void release(ProducerBatch batch) {
        incomplete.remove(batch);
        pool.deallocate(batch.buffer);
    }

    /** Fails the queued (not in-flight) batches that have waited longer than {@code delivery.timeout.ms}. */
    public void expire(long nowMs) {
        for (Deque<ProducerBatch> queue : queues.values()) {
            List<ProducerBatch> expired = new ArrayList<>();
            synchronized (queue) {
                Iterator<ProducerBatch> it = queue.iterator();
                while (it.hasNext()) {
                    ProducerBatch batch = it.next();
                    if (nowMs - batch.createdMs > deliveryTimeoutMs) {
                        it.remove();
                        expired.add(batch);
                    }
                }
            }
            for (ProducerBatch batch : expired) {
                batch.fail(new TimeoutException(batch.recordCount() + " record(s) for " + batch.topicPartition
                        + " were not delivered within delivery.timeout.ms=" + deliveryTimeoutMs));
                release(batch);
            }
        }
    }

    public boolean isExpired(ProducerBatch batch, long nowMs) {
        return nowMs - batch.createdMs > deliveryTimeoutMs;
    }

    /** Fails every queued batch, for a forced close. */
    public void abortAll(RuntimeException failure) {
        for (Deque<ProducerBatch> queue : queues.values()) {
            List<ProducerBatch> aborted;
            synchronized (queue) {
                aborted = new ArrayList<>(queue);
                queue.clear();
            }
            for (ProducerBatch batch : aborted) {
                batch.fail(failure);
                release(batch);
            }
        }
    }

    public boolean hasUnsent() {
        for (Deque<ProducerBatch> queue : queues.values()) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    public void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    public void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** A future that completes when every batch incomplete now has its outcome. */
    public CompletableFuture<Void> incompleteBatchesDone() {
        return CompletableFuture.allOf(incomplete.stream().map(ProducerBatch::done).toArray(CompletableFuture[]::new));
    }

    public void beginClose() {
        closing = true;
    }
}
