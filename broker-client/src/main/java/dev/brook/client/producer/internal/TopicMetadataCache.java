package dev.brook.client.producer.internal;

import dev.brook.client.internal.BrokerClient;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.MetadataResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The partitions of the topics a producer writes to, fetched on first use and again after
 * {@code metadata.max.age.ms} or when the broker reports a topic unknown. Each topic's
 * {@link TopicPartition}s are made once, so that a send makes none.
 *
 * <p>Thread-safe.
 */
public final class TopicMetadataCache {
    private final BrokerClient client;
    private final long maxAgeMs;
    private final Map<String, Entry> topics = new ConcurrentHashMap<>();

    /** {@code partitions[i]} is partition i; never written after it is made. */
    private record Entry(TopicPartition[] partitions, long fetchedAtMs) {
    }

    public TopicMetadataCache(BrokerClient client, long maxAgeMs) {
        this.client = client;
        this.maxAgeMs = maxAgeMs;
    }

    /**
     * The topic's partition count, fetching it if unknown or stale.
     *
     * @throws dev.brook.protocol.errors.UnknownTopicOrPartitionException if the topic does not exist
     * @throws TimeoutException if the broker cannot be asked within {@code maxBlockMs}
     */
    public int partitionCount(String topic, long maxBlockMs) throws InterruptedException {
        return partitions(topic, maxBlockMs).length;
    }

    /**
     * The topic's partitions, index i being partition i, fetching them if unknown or stale. The
     * array is shared: callers must not write it.
     *
     * @throws dev.brook.protocol.errors.UnknownTopicOrPartitionException if the topic does not exist
     * @throws TimeoutException if the broker cannot be asked within {@code maxBlockMs}
     */
    public TopicPartition[] partitions(String topic, long maxBlockMs) throws InterruptedException {
        Entry entry = topics.get(topic);
        long now = System.currentTimeMillis();
        if (entry != null && now - entry.fetchedAtMs() < maxAgeMs) {
            return entry.partitions();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        MetadataResponse response;
        try {
            response = client.sendWithRetries(ApiKey.METADATA, new MetadataRequest(List.of(topic)),
                    MetadataResponse::read, deadline).get(maxBlockMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BrookException) {
                throw (BrookException) cause;
            }
            throw new IllegalStateException("could not fetch metadata of topic '" + topic + "'", cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("could not fetch metadata of topic '" + topic + "' from "
                    + client.address() + " within max.block.ms=" + maxBlockMs);
        }
        MetadataResponse.TopicMetadata metadata = response.topics().get(0);
        if (metadata.errorCode() != ErrorCode.NONE) {
            topics.remove(topic);
            throw metadata.errorCode().exception(metadata.errorMessage());
        }
        TopicPartition[] partitions = new TopicPartition[metadata.partitions().size()];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new TopicPartition(topic, p);
        }
        topics.put(topic, new Entry(partitions, now));
        return partitions;
    }

    /** Forgets what is known of a topic, so the next use asks the broker again. */
    public void invalidate(String topic) {
        topics.remove(topic);
    }
}
