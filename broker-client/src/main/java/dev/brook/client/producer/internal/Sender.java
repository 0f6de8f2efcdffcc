package dev.brook.client.producer.internal;

import dev.brook.client.internal.BrokerClient;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.NetworkException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.RecordsPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's background thread: takes ready batches of every partition from the
 * {@link RecordAccumulator}, sends them together in one produce request (the broker has one
 * address, so every partition is led by it), keeps up to
 * {@code max.in.flight.requests.per.connection} requests in flight, and completes, retries or
 * fails batches by the broker's answer per partition. Retriable failures (a lost connection, a
 * timeout, a retriable broker error) are retried after {@code retry.backoff.ms} until
 * {@code delivery.timeout.ms}; the batches go back into their partition's queue in creation order
 * (see the accumulator for what that guarantees with one and with several requests in flight).
 * The connection answers requests in the order they were sent, so a partition's batches in
 * consecutive requests are stored in that order.
 *
 * <p>Thread-safe: responses complete on the network thread and wake this one.
 */
public final class Sender implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final BrokerClient client;
    private final RecordAccumulator accumulator;
    private final TopicMetadataCache metadata;
    private final short acks;
    private final int timeoutMs;
    private final int maxInFlight;
    private final int maxRequestSize;
    private final long retryBackoffMs;
    private final ProducerMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeup = lock.newCondition();
    /** Guarded by the lock. */
    private int inFlight;
    /** Guarded by the lock. */
    private boolean signalled;
    private volatile boolean running = true;
    private volatile boolean forceClose;

    public Sender(BrokerClient client, RecordAccumulator accumulator, TopicMetadataCache metadata, short acks,
            int timeoutMs, int maxInFlight, int maxRequestSize, long retryBackoffMs) {
        this(client, accumulator, metadata, acks, timeoutMs, maxInFlight, maxRequestSize, retryBackoffMs,
                ProducerMetrics.NONE);
    }

    public Sender(BrokerClient client, RecordAccumulator accumulator, TopicMetadataCache metadata, short acks,
            int timeoutMs, int maxInFlight, int maxRequestSize, long retryBackoffMs, ProducerMetrics metrics) {
        this.metrics = metrics;
        this.client = client;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.acks = acks;
        this.timeoutMs = timeoutMs;
        this.maxInFlight = maxInFlight;
        this.maxRequestSize = maxRequestSize;
        this.retryBackoffMs = retryBackoffMs;
    }

    @Override
    public void run() {
        while (running || (!forceClose && (accumulator.hasUnsent() || inFlight() > 0))) {
            try {
                runOnce();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // Whatever it was (a user's serializer or callback, a bug), a dead sender would
                // leave every later send waiting for good.
                log.error("the producer's sender failed; carrying on", e);
            }
        }
        // A send that passed the producer's closed check before close() may still be appending.
        accumulator.close();
        if (forceClose || accumulator.hasUnsent()) {
            accumulator.abortAll(new IllegalStateException("the producer was closed before these records were sent"));
        }
    }

    private void runOnce() {
        long now = System.currentTimeMillis();
        accumulator.expire(now);
        long nextCheck = now + 100;
        if (inFlight() < maxInFlight) {
            // Noted before taking batches: see BrokerClient.send with a generation.
            long generation = client.connectionGeneration();
            RecordAccumulator.Drained drained = accumulator.drain(now, maxRequestSize, generation);
            nextCheck = Math.min(nextCheck, drained.nextCheckMs());
            if (!drained.batches().isEmpty()) {
                send(drained.batches(), generation);
            }
        }
        awaitWork(nextCheck - System.currentTimeMillis());
    }

    private void awaitWork(long waitMs) {
        lock.lock();
        try {
            if (!signalled && waitMs > 0) {
                wakeup.await(waitMs, TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the thread: new data, a full batch, a flush or a response. */
    public void wakeup() {
        lock.lock();
        try {
            signalled = true;
            wakeup.signal();
        } finally {
            lock.unlock();
        }
    }

    private int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void adjustInFlight(int delta) {
        lock.lock();
        try {
            inFlight += delta;
            signalled = true;
            wakeup.signal();
        } finally {
            lock.unlock();
        }
    }

    private void send(Map<TopicPartition, List<ProducerBatch>> batches, long generation) {
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, List<ProducerBatch>> entry : batches.entrySet()) {
            List<ByteBuffer> buffers = new ArrayList<>(entry.getValue().size());
            for (ProducerBatch batch : entry.getValue()) {
                ByteBuffer closed = batch.close();
                metrics.batchSent(closed.remaining(), batch.recordCount());
                buffers.add(closed);
            }
            byTopic.computeIfAbsent(entry.getKey().topic(), t -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(entry.getKey().partition(), RecordsPayload.wrap(buffers)));
        }
        List<ProduceRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> topics.add(new ProduceRequest.TopicData(topic, partitions)));
        ProduceRequest request = new ProduceRequest(acks, timeoutMs, topics);
        adjustInFlight(1);
        long sentAt = System.nanoTime();
        if (acks == 0) {
            client.sendWithoutResponse(ApiKey.PRODUCE, request, generation).whenComplete((ignored, failure) -> {
                if (failure == null) {
                    batches.forEach((tp, list) -> completeAll(tp, list, -1L, -1L));
                } else {
                    batches.forEach((tp, list) -> retryOrFail(tp, list, cause(failure)));
                }
                adjustInFlight(-1);
            });
            return;
        }
        client.send(ApiKey.PRODUCE, request, ProduceResponse::read, generation).whenComplete((response, failure) -> {
            metrics.requestCompleted(System.nanoTime() - sentAt, failure != null);
            try {
                if (failure != null) {
                    batches.forEach((tp, list) -> retryOrFail(tp, list, cause(failure)));
                } else {
                    handle(response, batches);
                }
            } finally {
                adjustInFlight(-1);
            }
        });
    }

    private void handle(ProduceResponse response, Map<TopicPartition, List<ProducerBatch>> batches) {
        Map<TopicPartition, List<ProducerBatch>> unanswered = new LinkedHashMap<>(batches);
        for (ProduceResponse.TopicResult topic : response.topics()) {
            for (ProduceResponse.PartitionResult result : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), result.partition());
                List<ProducerBatch> list = unanswered.remove(tp);
                if (list == null) {
                    continue;
                }
                if (result.errorCode() == ErrorCode.NONE) {
                    completeAll(tp, list, result.baseOffset(), result.logAppendTime());
                } else {
                    if (result.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                        metadata.invalidate(tp.topic());
                    }
                    retryOrFail(tp, list, result.errorCode().exception(result.errorMessage()));
                }
            }
        }
        unanswered.forEach((tp, list) -> retryOrFail(tp, list,
                new NetworkException("the broker's produce response left out " + tp)));
    }

    private void completeAll(TopicPartition tp, List<ProducerBatch> list, long baseOffset, long logAppendTime) {
        long offset = baseOffset;
        for (ProducerBatch batch : list) {
            batch.complete(offset, logAppendTime);
            if (offset >= 0) {
                offset += batch.recordCount();
            }
            accumulator.release(batch);
        }
        accumulator.requestDone(tp);
    }

    private void retryOrFail(TopicPartition tp, List<ProducerBatch> list, RuntimeException failure) {
        long now = System.currentTimeMillis();
        boolean retriable = failure instanceof BrookException && ((BrookException) failure).retriable();
        boolean expired = accumulator.isExpired(list.get(0), now);
        if (retriable && !expired && !forceClose) {
            log.debug("retrying {} batch(es) for {} after: {}", list.size(), tp, failure.getMessage());
            accumulator.reenqueue(tp, list, now + retryBackoffMs);
        } else {
            for (ProducerBatch batch : list) {
                batch.fail(failure);
                accumulator.release(batch);
            }
        }
        accumulator.requestDone(tp);
    }

    private static RuntimeException cause(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof RuntimeException ? (RuntimeException) cause
                : new IllegalStateException(cause.getMessage(), cause);
    }

    /** Stops taking new work; what is queued is still sent. */
    public void initiateClose() {
        running = false;
        accumulator.beginClose();
        wakeup();
    }

    /** Stops at once; what is queued fails. */
    public void forceClose() {
        forceClose = true;
        initiateClose();
    }
}
