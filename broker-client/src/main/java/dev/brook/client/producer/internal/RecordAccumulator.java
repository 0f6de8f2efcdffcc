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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects records into a queue of batches per partition until the sender takes them.
 *
 * <p>A partition's batches are taken in queue order, and a batch that must be retried goes back
 * into its queue at the place its creation order gives it (in front of every newer batch), after a
 * backoff during which nothing newer of that partition is taken. How many requests a partition may
 * have in flight is the sender's choice:
 * <ul>
 *   <li>{@linkplain #RecordAccumulator(BufferPool, int, long, long, boolean) one request per
 *       partition} (the partition is <i>muted</i> while it is in flight): records of a partition
 *       are stored in the order they were sent, whatever fails;
 *   <li>several (pipelined, the default of {@code max.in.flight.requests.per.connection} above 1):
 *       a retried batch is not taken again while its partition still has a request in flight, so
 *       that every request a lost connection failed is back in its queue, in creation order, before
 *       the first of them is sent again; nor is anything of a partition taken for a new connection
 *       while it has requests in flight on the old one, whose failures may not all have come back
 *       yet. Records then still first appear in the order they were sent. But a retriable error the broker returns for one partition of one request, while a
 *       later request for that partition succeeds, stores the later records first. This is Kafka's
 *       behaviour without idempotence, and documented in {@code docs/client.md}.
 * </ul>
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
    private final boolean onePerPartition;
    private final Runnable batchReady;
    /** Requests in flight per partition: taken by {@link #drain}, given back by {@link #requestDone}. */
    private final ConcurrentMap<TopicPartition, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** The connection a partition's requests in flight went out on; written and read by {@link #drain}. */
    private final ConcurrentMap<TopicPartition, Long> connections = new ConcurrentHashMap<>();
    /** Numbers batches in creation order; taken under the partition's queue lock, so increasing per partition. */
    private final AtomicLong sequences = new AtomicLong();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closing;
    /**
     * Set by the sender as it stops, before it fails what is left: an append after that fails at
     * once under its queue's lock, so no batch is added that nothing will send or fail.
     */
    private volatile boolean closed;

    /**
     * @param onePerPartition whether a partition whose batches are in flight is left out of
     *     {@link #drain} until {@link #requestDone} (strict order), or may be drained again at once
     *     (pipelining)
     * @param batchReady called, on the appending thread, when an append fills a batch or starts a
     *     new one: the sender may have something to send
     */
    public RecordAccumulator(BufferPool pool, int batchSize, long lingerMs, long deliveryTimeoutMs,
            boolean onePerPartition, Runnable batchReady) {
        this.batchReady = batchReady;
        this.onePerPartition = onePerPartition;
        this.pool = pool;
        this.batchSize = batchSize;
        this.lingerMs = lingerMs;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    /**
     * Appends a record to the partition's last batch, or to a new one, and returns its future.
     * With {@code sticky} (a keyless record, on the partition {@code sticky} chose), counts the
     * bytes the record took against that partition, so that the partitioner moves on in time.
     *
     * @param partitions the topic's partition count, for {@code sticky}
     */
    public CompletableFuture<RecordMetadata> append(TopicPartition tp, long timestamp, byte[] key, byte[] value,
            Header[] headers, Callback callback, long maxBlockMs, StickyPartitions sticky, int partitions)
            throws InterruptedException {
        Deque<ProducerBatch> queue = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
        CompletableFuture<RecordMetadata> future;
        boolean filled;
        int appendedBytes;
        synchronized (queue) {
            ensureNotClosed();
            ProducerBatch last = queue.peekLast();
            int before = last == null ? 0 : last.sizeInBytes();
            future = last == null ? null : last.tryAppend(timestamp, key, value, headers, callback);
            filled = future != null && last.isFull();
            appendedBytes = future == null ? 0 : last.sizeInBytes() - before;
        }
        if (future != null) {
            if (sticky != null) {
                sticky.appended(tp.topic(), tp.partition(), partitions, appendedBytes, filled);
            }
            if (filled) {
                batchReady.run();
            }
            return future;
        }
        int size = Math.max(batchSize, estimateSize(key, value, headers));
        ByteBuffer buffer = pool.allocate(size, maxBlockMs);
        synchronized (queue) {
            if (closed) {
                pool.deallocate(buffer);
                ensureNotClosed();
            }
            ProducerBatch last = queue.peekLast();
            int before = last == null ? 0 : last.sizeInBytes();
            future = last == null ? null : last.tryAppend(timestamp, key, value, headers, callback);
            if (future != null) { // another thread made a batch meanwhile
                pool.deallocate(buffer);
                appendedBytes = last.sizeInBytes() - before;
                filled = last.isFull();
            } else {
                ProducerBatch batch = new ProducerBatch(tp, buffer, System.currentTimeMillis(),
                        sequences.getAndIncrement());
                future = batch.tryAppend(timestamp, key, value, headers, callback);
                if (future == null) {
                    pool.deallocate(buffer);
                    throw new IllegalStateException("a record of about " + size
                            + " bytes did not fit a batch of its own");
                }
                queue.addLast(batch);
                incomplete.add(batch);
                appendedBytes = batch.sizeInBytes();
                filled = batch.isFull();
            }
        }
        if (sticky != null) {
            sticky.appended(tp.topic(), tp.partition(), partitions, appendedBytes, filled);
        }
        // A new batch means the one before it is full, or this one may already be worth sending.
        batchReady.run();
        return future;
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
     * Takes, for every partition whose first batch is ready and may go (see the class comment), the
     * batches at the front of its queue up to {@code maxRequestBytes}, closes them and counts a
     * request in flight for the partition. A batch is
     * ready when it is full, another batch waits behind it, its {@code linger.ms} has passed, or a
     * flush or close is under way; one due for a retry waits for its backoff.
     *
     * @param connection the number of the connection the batches will go out on: a partition
     *     with requests in flight on another (one that broke and has not failed them all yet)
     *     waits, so that nothing newer of it goes out ahead of their retries
     */
    public Drained drain(long nowMs, int maxRequestBytes, long connection) {
        Map<TopicPartition, List<ProducerBatch>> ready = new LinkedHashMap<>();
        long nextCheck = nowMs + Math.max(lingerMs, 1);
        int requestBytes = 0;
        boolean urgent = closing || flushesInProgress.get() > 0;
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> entry : queues.entrySet()) {
            TopicPartition tp = entry.getKey();
            Deque<ProducerBatch> queue = entry.getValue();
            AtomicInteger requests = inFlight.computeIfAbsent(tp, k -> new AtomicInteger());
            if (onePerPartition && requests.get() > 0) {
                continue;
            }
            if (requests.get() > 0 && connections.getOrDefault(tp, connection) != connection) {
                continue;
            }
            synchronized (queue) {
                ProducerBatch first = queue.peekFirst();
                if (first == null) {
                    continue;
                }
                if (first.attempts > 0 && requests.get() > 0) {
                    // A retry waits until every request of its partition has its outcome: those
                    // that failed with it come back in front of anything newer first.
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
                    requests.incrementAndGet();
                    connections.put(tp, connection);
                }
            }
        }
        return new Drained(ready, nextCheck);
    }

    /**
     * Puts batches back into their queue, each in front of every newer batch, to be retried after
     * {@code retryAtMs}. Several failed requests of a partition may come back in any order (a
     * connection that drops fails them all): each batch still finds its place by creation order.
     */
    public void reenqueue(TopicPartition tp, List<ProducerBatch> batches, long retryAtMs) {
        Deque<ProducerBatch> queue = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = batches.size() - 1; i >= 0; i--) {
                ProducerBatch batch = batches.get(i);
                batch.attempts++;
                batch.retryAtMs = retryAtMs;
                insertInCreationOrder(queue, batch);
            }
        }
    }

    /** Inserts behind the older batches already back at the front (rare: only retries come here). */
    private static void insertInCreationOrder(Deque<ProducerBatch> queue, ProducerBatch batch) {
        Deque<ProducerBatch> older = new ArrayDeque<>();
        while (!queue.isEmpty() && queue.peekFirst().sequence < batch.sequence) {
            older.push(queue.pollFirst());
        }
        queue.addFirst(batch);
        while (!older.isEmpty()) {
            queue.addFirst(older.pop());
        }
    }

    /**
     * Records that a request drained for {@code tp} has its outcome, after its batches were
     * completed, failed or {@linkplain #reenqueue put back}.
     */
    public void requestDone(TopicPartition tp) {
        inFlight.get(tp).decrementAndGet();
    }

    /** Returns a finished batch's memory. */
    public void release(ProducerBatch batch) {
        incomplete.remove(batch);
        pool.deallocate(batch.buffer);
    }

    /**
     * Fails the queued (not in-flight) batches that have waited longer than {@code delivery.timeout.ms}.
     * A queue is in creation order, so only its expired head is looked at: the sender calls this
     * on every turn, and a full {@code buffer.memory} holds thousands of batches.
     */
    public void expire(long nowMs) {
        for (Deque<ProducerBatch> queue : queues.values()) {
            List<ProducerBatch> expired = null;
            synchronized (queue) {
                ProducerBatch first;
                while ((first = queue.peekFirst()) != null && nowMs - first.createdMs > deliveryTimeoutMs) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(queue.pollFirst());
                }
            }
            if (expired == null) {
                continue;
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

    /** Refuses appends from now on; the sender calls it as it stops, before {@link #abortAll}. */
    public void close() {
        closed = true;
    }

    private void ensureNotClosed() {
        if (closed) {
            throw new IllegalStateException("the producer was closed while this record was being sent");
        }
    }
}
