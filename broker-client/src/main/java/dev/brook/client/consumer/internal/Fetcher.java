package dev.brook.client.consumer.internal;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.consumer.ConsumerRecords;
import dev.brook.client.consumer.OffsetOutOfRangeException;
import dev.brook.client.consumer.RecordDeserializationException;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.TimestampType;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.RecordsPayload;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches ahead of {@code poll}. One Fetch request is kept in flight for every assigned, unpaused
 * partition with a known position; each partition is asked for the offset after what is already
 * buffered for it, so the buffer fills while the application works through the last
 * {@code poll}'s records. What comes back waits in a buffer of {@link CompletedFetch}es, in
 * arrival order, from which {@link #collect} takes up to {@code max.poll.records} records.
 *
 * <p>Bounds: a partition with {@code max.partition.fetch.bytes} or more still unread in the buffer
 * is not fetched (so a partition's next fetch goes out as soon as {@code poll} starts on the last
 * one, and a partition holds at most about twice that), and a fetch asks for at most
 * {@code fetch.max.bytes} minus what is buffered, so that the buffer stays within
 * {@code fetch.max.bytes} (plus at most one batch, which the broker returns whole so that the
 * consumer progresses).
 *
 * <p>Consistency: a seek, pause, or assignment change {@linkplain #discard discards} the buffered
 * data of the partitions it affects. A response still in flight is checked when it arrives: a
 * partition's data is kept only if it was fetched at the offset the partition wants next (its
 * position, or the end of what is buffered for it), and dropped otherwise.
 *
 * <p>Not thread-safe: owned by the polling thread. The network only completes the in-flight future.
 */
public final class Fetcher<K, V> {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);

    private final ConsumerConfig<K, V> config;
    private final SubscriptionState subscriptions;
    private final ConsumerNetwork network;
    private final ArrayDeque<CompletedFetch> buffer = new ArrayDeque<>();
    private InFlight inFlight;
    private long nextAttemptNanos;
    private boolean inBackoff;
    private final ConsumerMetrics metrics;

    /** A fetch sent and not yet processed: the offset asked for each partition, and the response to come. */
    private record InFlight(Map<TopicPartition, Long> offsets, CompletableFuture<FetchResponse> response) {
    }

    public Fetcher(ConsumerConfig<K, V> config, SubscriptionState subscriptions, ConsumerNetwork network) {
        this(config, subscriptions, network, ConsumerMetrics.NONE);
    }

    public Fetcher(ConsumerConfig<K, V> config, SubscriptionState subscriptions, ConsumerNetwork network,
            ConsumerMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.subscriptions = subscriptions;
        this.network = network;
    }

    /** Sends a fetch unless one is in flight, a retry is backing off, or nothing may be fetched. */
    public void sendIfPossible(long nowNanos) {
        if (inFlight != null || (inBackoff && nowNanos - nextAttemptNanos < 0)) {
            return;
        }
        inBackoff = false;
        int buffered = bufferedBytes();
        if (buffered >= config.fetchMaxBytes()) {
            return;
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        Map<String, List<FetchRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        for (TopicPartition partition : subscriptions.fetchablePartitions()) {
            long offset = nextFetchOffset(partition, subscriptions.position(partition));
            if (offset < 0 || unreadBytes(partition) >= config.maxPartitionFetchBytes()) {
                continue;
            }
            offsets.put(partition, offset);
            byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>()).add(
                    new FetchRequest.PartitionData(partition.partition(), offset, config.maxPartitionFetchBytes()));
        }
        if (offsets.isEmpty()) {
            return;
        }
        List<FetchRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> topics.add(new FetchRequest.TopicData(topic, partitions)));
        FetchRequest request = new FetchRequest(config.fetchMaxWaitMs(), config.fetchMinBytes(),
                config.fetchMaxBytes() - buffered, topics);
        log.trace("fetching {}", offsets);
        long sentAt = System.nanoTime();
        CompletableFuture<FetchResponse> response = network.fetch(request);
        response.whenComplete((answer, failure) -> metrics.fetchCompleted(System.nanoTime() - sentAt, failure != null));
        inFlight = new InFlight(offsets, network.wakeWhenDone(response));
    }

    /**
     * Moves a completed fetch response into the buffer, partition by partition. A retriable
     * failure of the whole request (a lost connection) schedules a retry after the backoff.
     *
     * @throws RuntimeException a failure of the whole request that retrying will not cure
     */
    public void processCompleted(long nowNanos) {
        if (inFlight == null || !inFlight.response.isDone()) {
            return;
        }
        InFlight done = inFlight;
        inFlight = null;
        FetchResponse response;
        try {
            response = done.response.join();
        } catch (CompletionException e) {
            Throwable cause = ConsumerNetwork.unwrap(e);
            if (!ConsumerNetwork.retriable(cause)) {
                throw ConsumerNetwork.asRuntime(cause);
            }
            log.debug("fetch from {} failed, retrying in {} ms: {}", network.address(), config.retryBackoffMs(),
                    cause.getMessage());
            backOff(nowNanos);
            return;
        }
        for (FetchResponse.TopicResult topic : response.topics()) {
            for (FetchResponse.PartitionResult result : topic.partitions()) {
                TopicPartition partition = new TopicPartition(topic.name(), result.partition());
                Long requested = done.offsets.get(partition);
                if (requested != null) {
                    handle(partition, requested, result, nowNanos);
                }
            }
        }
    }

    private void handle(TopicPartition partition, long requested, FetchResponse.PartitionResult result, long nowNanos) {
        Long position = subscriptions.fetchablePosition(partition);
        if (position == null || requested != nextFetchOffset(partition, position)) {
            log.trace("dropping data of {} fetched at {}: the partition has moved on", partition, requested);
            return;
        }
        ErrorCode code = result.errorCode();
        String message = "partition " + partition + ": "
                + (result.errorMessage() == null ? code.description() : result.errorMessage());
        if (code == ErrorCode.NONE) {
            metrics.lag(partition, result.logEndOffset() - requested);
            RecordsPayload records = result.records();
            if (records != null && records.sizeInBytes() > 0) {
                buffer.add(CompletedFetch.ofRecords(partition, requested, bytesOf(records)));
            }
        } else if (code == ErrorCode.OFFSET_OUT_OF_RANGE) {
            if (requested == position) { // past buffered data, it is handled once that is read
                outOfRange(partition, requested, message);
            }
        } else {
            BrookException error = code.exception(message);
            if (ConsumerNetwork.retriable(error)) {
                log.debug("fetch of {} failed, retrying in {} ms: {}", partition, config.retryBackoffMs(), message);
                backOff(nowNanos);
            } else {
                buffer.add(CompletedFetch.ofError(partition, requested, error));
            }
        }
    }

    private void outOfRange(TopicPartition partition, long offset, String message) {
        AutoOffsetReset policy = config.autoOffsetReset();
        if (policy == AutoOffsetReset.NONE) {
            buffer.add(CompletedFetch.ofError(partition, offset, new OffsetOutOfRangeException(message
                    + "; auto.offset.reset is none, so seek to a valid offset (see beginningOffsets and endOffsets)",
                    Map.of(partition, offset))));
        } else {
            log.info("fetch position {} of {} is out of range, resetting to the {} offset: {}", offset, partition,
                    policy.configName(), message);
            subscriptions.requestReset(partition, policy);
        }
    }

    private static ByteBuffer bytesOf(RecordsPayload records) {
        if (records instanceof RecordsPayload.BufferRecords) {
            return ((RecordsPayload.BufferRecords) records).buffer();
        }
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        records.copyTo(copy);
        return copy.flip();
    }

    /**
     * Takes up to {@code maxRecords} records from the buffer, deserialized, moving positions past
     * them. Records already taken are returned before an error is thrown: the error is thrown by
     * the next call.
     *
     * @throws BrookException the broker's error for a partition ({@code UnknownTopicOrPartitionException},
     *     {@link OffsetOutOfRangeException}) or {@code CorruptRecordException} for a damaged batch
     * @throws RecordDeserializationException if a deserializer fails
     */
    public ConsumerRecords<K, V> collect(int maxRecords) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> collected = new LinkedHashMap<>();
        int count = 0;
        while (count < maxRecords && !buffer.isEmpty()) {
            CompletedFetch fetch = buffer.peek();
            TopicPartition partition = fetch.partition();
            Long position = subscriptions.fetchablePosition(partition);
            if (position == null) { // discarded on every change, so this is only a safety net
                buffer.poll();
                continue;
            }
            if (fetch.error() == null) {
                List<ConsumerRecord<K, V>> records = collected.computeIfAbsent(partition, p -> new ArrayList<>());
                int drained = fetch.drain(position, maxRecords - count, (record, type) -> records.add(toConsumerRecord(
                        partition, record, type)));
                count += drained;
                if (drained > 0) {
                    metrics.consumed(partition, drained);
                }
                if (fetch.position() > position) {
                    subscriptions.advance(partition, fetch.position());
                }
            }
            if (fetch.error() != null) {
                if (count > 0) {
                    break;
                }
                if (fetch.isBrokerError()) {
                    buffer.poll();
                }
                throw fetch.error();
            }
            if (fetch.isConsumed()) {
                buffer.poll();
                subscriptions.movePartitionToEnd(partition);
            }
        }
        return count == 0 ? ConsumerRecords.empty() : new ConsumerRecords<>(collected);
    }

    private ConsumerRecord<K, V> toConsumerRecord(TopicPartition partition, Record record, TimestampType type) {
        K deserializedKey;
        V deserializedValue;
        try {
            deserializedKey = config.keyDeserializer().deserialize(partition.topic(), record.keyBytes());
            deserializedValue = config.valueDeserializer().deserialize(partition.topic(), record.valueBytes());
        } catch (RuntimeException e) {
            throw new RecordDeserializationException(partition, record.offset(), "partition " + partition
                    + ": the record at offset " + record.offset() + " cannot be deserialized (" + e
                    + "); fix the deserializer or seek to " + (record.offset() + 1) + " to skip the record", e);
        }
        return new ConsumerRecord<>(partition.topic(), partition.partition(), record.offset(), record.timestamp(),
                type, record.keySize(), record.valueSize(), deserializedKey, deserializedValue,
                record.headers());
    }

    /** Drops buffered data of these partitions; a response in flight for them will be dropped when it arrives. */
    public void discard(Collection<TopicPartition> partitions) {
        Set<TopicPartition> set = new HashSet<>(partitions);
        buffer.removeIf(fetch -> set.contains(fetch.partition()));
    }

    /** Drops everything buffered. */
    public void clear() {
        buffer.clear();
    }

    /** When a retry is due, or {@link Long#MAX_VALUE} if none is waiting. */
    public long retryAtNanos() {
        return inBackoff && inFlight == null ? nextAttemptNanos : Long.MAX_VALUE;
    }

    /** Whether a fetch is in flight. */
    public boolean hasInFlight() {
        return inFlight != null;
    }

    /** The bytes of record data buffered. */
    public int bufferedBytes() {
        int total = 0;
        for (CompletedFetch fetch : buffer) {
            total += fetch.sizeInBytes();
        }
        return total;
    }

    private int unreadBytes(TopicPartition partition) {
        int total = 0;
        for (CompletedFetch fetch : buffer) {
            if (fetch.partition().equals(partition)) {
                total += fetch.unreadBytes();
            }
        }
        return total;
    }

    /** The offset to fetch next for a partition: after its last buffered data, else its position; -1 for none now. */
    private long nextFetchOffset(TopicPartition partition, long position) {
        Iterator<CompletedFetch> newestFirst = buffer.descendingIterator();
        while (newestFirst.hasNext()) {
            CompletedFetch fetch = newestFirst.next();
            if (fetch.partition().equals(partition)) {
                return fetch.nextFetchOffset();
            }
        }
        return position;
    }

    private void backOff(long nowNanos) {
        inBackoff = true;
        nextAttemptNanos = nowNanos + network.retryBackoffNanos();
    }
}
