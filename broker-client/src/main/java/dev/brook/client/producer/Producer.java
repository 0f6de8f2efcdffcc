package dev.brook.client.producer;

import dev.brook.client.InterruptException;
import dev.brook.client.internal.BrokerClient;
import dev.brook.client.internal.BrokerConnection;
import dev.brook.client.producer.internal.BufferPool;
import dev.brook.client.producer.internal.Murmur2;
import dev.brook.client.producer.internal.ProducerMetrics;
import dev.brook.client.producer.internal.RecordAccumulator;
import dev.brook.client.producer.internal.Sender;
import dev.brook.client.producer.internal.StickyPartitions;
import dev.brook.client.producer.internal.TopicMetadataCache;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.RecordTooLargeException;
import dev.brook.protocol.record.Header;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records to a Brook broker, batching them per partition.
 *
 * <pre>{@code
 * ProducerConfig<String, String> config = ProducerConfig.builder(Serdes.stringSerializer(), Serdes.stringSerializer())
 *         .bootstrapServer("127.0.0.1:7092").build();
 * try (Producer<String, String> producer = new Producer<>(config)) {
 *     producer.send(new ProducerRecord<>("events", "user-42", "signed in"))
 *             .thenAccept(m -> System.out.println("stored at offset " + m.offset()));
 * }
 * }</pre>
 *
 * <p>A record goes to the partition it names; otherwise a keyed record goes where Kafka's default
 * partitioner would put it (murmur2 of the serialized key), and keyless records stick to one
 * partition until its batch is full. Records wait up to {@code linger.ms} for their batch to fill
 * to {@code batch.size}; {@code send} blocks for up to {@code max.block.ms} when
 * {@code buffer.memory} is used up. Failures arrive through the returned future (and callback) as
 * typed {@link BrookException}s; retriable ones are retried first, within
 * {@code delivery.timeout.ms}, each partition's records in send order. Up to
 * {@code max.in.flight.requests.per.connection} requests are pipelined; as in Kafka without
 * idempotence, a retriable error the broker returns for one request while a later one of the same
 * partition succeeds can reorder that partition's records; set it to 1 for strict order
 * ({@code docs/client.md}).
 *
 * <p>Thread-safe: share one producer between threads.
 */
public final class Producer<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Producer.class);
    private final ProducerConfig<K, V> config;
    private final BrokerClient client;
    private final TopicMetadataCache metadata;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final ProducerMetrics metrics;
    private final Thread senderThread;
    private final StickyPartitions sticky;
    private volatile boolean closed;

    public Producer(ProducerConfig<K, V> config) {
        this.config = config;
        this.client = new BrokerClient(BrokerClient.parseAddress(config.bootstrapServer()),
                BrokerConnection.Settings.of(config.clientId(), config.connectTimeoutMs(), config.requestTimeoutMs(),
                        Math.max(config.maxInFlightRequests(), 1) + 16, 64 * 1024 * 1024, config.security()),
                config.retryBackoffMs(), "brook-producer-network");
        this.metadata = new TopicMetadataCache(client, config.metadataMaxAgeMs());
        this.sticky = new StickyPartitions(config.batchSize());
        BufferPool pool = new BufferPool(config.bufferMemory(), config.batchSize());
        // max.in.flight.requests.per.connection=1 asks for strict order, as in Kafka: then a
        // partition waits for its request's answer. Otherwise its batches are pipelined.
        this.accumulator = new RecordAccumulator(pool, config.batchSize(), config.lingerMs(), config.deliveryTimeoutMs(),
                config.maxInFlightRequests() == 1, this::wakeSender);
        this.metrics = ProducerMetrics.of(config.meterRegistry(), config.clientId(), pool, config.bufferMemory());
        this.sender = new Sender(client, accumulator, metadata, config.acks().wireValue(),
                (int) Math.min(Integer.MAX_VALUE, config.requestTimeoutMs()), config.maxInFlightRequests(),
                config.maxRequestSize(), config.retryBackoffMs(), metrics);
        this.senderThread = new Thread(sender, "brook-producer-sender-" + config.clientId());
        this.senderThread.setDaemon(true);
        this.senderThread.start();
    }

    /** Sends a record; the future completes once the broker has stored it (or at once for acks=0). */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record and calls {@code callback} with the outcome on the producer's network thread.
     * Blocks only while waiting for topic metadata or buffer memory, at most {@code max.block.ms}.
     *
     * @throws InterruptException if the thread is interrupted while it blocks
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (closed) {
            throw new IllegalStateException("the producer is closed");
        }
        try {
            return doSend(record, callback);
        } catch (BrookException | IllegalArgumentException e) {
            if (callback != null) {
                callback.onCompletion(null, e);
            }
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while sending to " + record.topic(), e);
        }
    }

    /** Called by the accumulator when a batch fills or starts; never before the constructor has returned. */
    private void wakeSender() {
        sender.wakeup();
    }

    /** Shared by every record without headers; never written, as it is empty. */
    private static final Header[] NO_HEADERS = new Header[0];

    private CompletableFuture<RecordMetadata> doSend(ProducerRecord<K, V> record, Callback callback)
            throws InterruptedException {
        long started = System.nanoTime();
        String topic = record.topic();
        TopicPartition[] topicPartitions = metadata.partitions(topic, config.maxBlockMs());
        int partitions = topicPartitions.length;
        byte[] key = config.keySerializer().serialize(topic, record.key());
        byte[] value = config.valueSerializer().serialize(topic, record.value());
        Header[] headers = record.headers().isEmpty() ? NO_HEADERS : record.headers().toArray(NO_HEADERS);
        int size = estimateSize(key, value, headers);
        if (size > config.maxRequestSize() || size > config.bufferMemory()) {
            throw new RecordTooLargeException("a record of about " + size + " bytes for topic '" + topic
                    + "' is larger than max.request.size=" + config.maxRequestSize() + " (or buffer.memory)");
        }
        long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
        boolean useSticky = record.partition() == null && key == null;
        int partition;
        if (record.partition() != null) {
            partition = record.partition();
            if (partition >= partitions) {
                throw new IllegalArgumentException("topic '" + topic + "' has " + partitions
                        + " partitions; partition " + partition + " does not exist");
            }
        } else if (key != null) {
            partition = Murmur2.partitionFor(key, partitions);
        } else {
            partition = sticky.partition(topic, partitions);
        }
        long remainingBlockMs = Math.max(0, config.maxBlockMs()
                - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return accumulator.append(topicPartitions[partition], timestamp, key, value, headers, callback,
                remainingBlockMs, useSticky ? sticky : null, partitions);
    }

    private static int estimateSize(byte[] key, byte[] value, Header[] headers) {
        int size = 128 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header header : headers) {
            size += 16 + header.key().length() * 3 + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** The number of partitions of a topic. @throws BrookException if it cannot be found out */
    public int partitionCount(String topic) {
        try {
            return metadata.partitionCount(topic, config.maxBlockMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while fetching metadata of " + topic, e);
        }
    }

    /** Sends everything buffered now, without waiting for {@code linger.ms}, and waits for every outcome. */
    public void flush() {
        accumulator.beginFlush();
        try {
            sender.wakeup();
            accumulator.incompleteBatchesDone().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("flush failed", e.getCause());
        } finally {
            accumulator.endFlush();
        }
    }

    /** Sends what is buffered, waiting as long as it takes, and closes. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE / 2));
    }

    /**
     * Sends what is buffered, waiting up to {@code timeout}; records still unsent then fail. Idempotent.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        if (client.inNetworkThread()) {
            // Called from a callback: the sender's requests are answered on this very thread, so
            // waiting for them would never end. What is unsent fails, as with a timeout of 0.
            log.warn("Producer.close() called from a send callback: records not yet sent fail");
            sender.forceClose();
            client.close();
            metrics.close();
            return;
        }
        sender.initiateClose();
        try {
            senderThread.join(Math.max(1, timeout.toMillis()));
            if (senderThread.isAlive()) {
                sender.forceClose();
                senderThread.join(5_000);
            }
        } catch (InterruptedException e) {
            sender.forceClose();
            Thread.currentThread().interrupt();
        } finally {
            client.close();
            metrics.close();
        }
    }
}
