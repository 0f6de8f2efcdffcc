package dev.brook.client.consumer.internal;

import dev.brook.client.consumer.OffsetAndTimestamp;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.OffsetOutOfRangeException;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.Records;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.ListOffsetsRequest;
import dev.brook.protocol.wire.ListOffsetsResponse;
import dev.brook.protocol.wire.RecordsPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Looks offsets up at the broker: the first, the last, or the first at or after a time
 * (ListOffsets), and the timestamp of the record at an offset (a Fetch of the one batch holding
 * it, because ListOffsets answers only with the offset). Each method makes one attempt; callers
 * retry. Errors for a partition carry the broker's code and a message that names the partition.
 *
 * <p>Thread-safe: stateless apart from the network.
 */
public final class OffsetLookup {
    private final ConsumerNetwork network;

    public OffsetLookup(ConsumerNetwork network) {
        this.network = network;
    }

    /** One partition's answer: an offset (-1 when no record is late enough), or an error. */
    public record Result(long offset, BrookException error) {
    }

    /**
     * Looks up each partition's offset for a ListOffsets timestamp: {@link ListOffsetsRequest#EARLIEST},
     * {@link ListOffsetsRequest#LATEST}, or a time in ms.
     */
    public CompletableFuture<Map<TopicPartition, Result>> listOffsets(Map<TopicPartition, Long> timestamps) {
        Map<String, List<ListOffsetsRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        timestamps.forEach((partition, timestamp) -> byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>())
                .add(new ListOffsetsRequest.PartitionData(partition.partition(), timestamp)));
        List<ListOffsetsRequest.TopicData> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new ListOffsetsRequest.TopicData(topic, partitions)));
        return network.send(ApiKey.LIST_OFFSETS, new ListOffsetsRequest(topics), ListOffsetsResponse::read)
                .thenApply(response -> {
                    Map<TopicPartition, Result> results = new LinkedHashMap<>();
                    for (ListOffsetsResponse.TopicResult topic : response.topics()) {
                        for (ListOffsetsResponse.PartitionResult p : topic.partitions()) {
                            TopicPartition partition = new TopicPartition(topic.name(), p.partition());
                            results.put(partition, p.errorCode() == ErrorCode.NONE ? new Result(p.offset(), null)
                                    : new Result(-1, error(partition, p.errorCode(), p.errorMessage())));
                        }
                    }
                    for (TopicPartition partition : timestamps.keySet()) {
                        results.computeIfAbsent(partition, p -> new Result(-1, new BrookException(
                                ErrorCode.UNKNOWN_SERVER_ERROR, "partition " + p + ": the broker's ListOffsets"
                                + " response left it out")));
                    }
                    return results;
                });
    }

    /** {@link #listOffsets}, failing with the first partition's error if any has one. */
    public CompletableFuture<Map<TopicPartition, Long>> listOffsetsOrFail(Map<TopicPartition, Long> timestamps) {
        return listOffsets(timestamps).thenApply(results -> {
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            for (TopicPartition partition : timestamps.keySet()) {
                Result result = results.get(partition);
                if (result.error() != null) {
                    throw result.error();
                }
                offsets.put(partition, result.offset());
            }
            return Collections.unmodifiableMap(offsets);
        });
    }

    /**
     * For each partition, the first record at or after the time, with its own timestamp; null
     * where every record is older. The records are found one partition after another.
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndTimestamp>> offsetsForTimes(Map<TopicPartition, Long> times) {
        return listOffsetsOrFail(times).thenCompose(found -> {
            Map<TopicPartition, OffsetAndTimestamp> results = new LinkedHashMap<>();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Map.Entry<TopicPartition, Long> entry : found.entrySet()) {
                TopicPartition partition = entry.getKey();
                long offset = entry.getValue();
                results.put(partition, null);
                if (offset >= 0) {
                    chain = chain.thenCompose(ignored -> recordAt(partition, offset))
                            .thenAccept(record -> results.put(partition, record));
                }
            }
            return chain.thenApply(ignored -> Collections.unmodifiableMap(results));
        });
    }

    /** The offset and timestamp of the first record at or after {@code offset}: one fetch of one batch. */
    private CompletableFuture<OffsetAndTimestamp> recordAt(TopicPartition partition, long offset) {
        // A limit of one byte still returns the whole first batch: the broker never returns less.
        FetchRequest request = new FetchRequest(0, 0, 1, List.of(new FetchRequest.TopicData(partition.topic(),
                List.of(new FetchRequest.PartitionData(partition.partition(), offset, 1)))));
        return network.send(ApiKey.FETCH, request, FetchResponse::read).thenApply(response -> {
            for (FetchResponse.TopicResult topic : response.topics()) {
                for (FetchResponse.PartitionResult p : topic.partitions()) {
                    if (p.errorCode() != ErrorCode.NONE) {
                        throw error(partition, p.errorCode(), p.errorMessage());
                    }
                    OffsetAndTimestamp found = firstRecordAtOrAfter(partition, offset, p.records());
                    if (found != null) {
                        return found;
                    }
                }
            }
            throw new OffsetOutOfRangeException("partition " + partition + ": the record at offset " + offset
                    + " that ListOffsets found is no longer in the log (retention removed it?); look it up again");
        });
    }

    private static OffsetAndTimestamp firstRecordAtOrAfter(TopicPartition partition, long offset,
            RecordsPayload payload) {
        if (payload == null || payload.sizeInBytes() == 0) {
            return null;
        }
        ByteBuffer data = ByteBuffer.allocate(payload.sizeInBytes());
        payload.copyTo(data);
        data.flip();
        for (RecordBatch batch : Records.batches(data)) {
            if (!batch.isValid()) {
                throw new CorruptRecordException("partition " + partition + ": the record batch at offsets "
                        + batch.baseOffset() + " to " + batch.lastOffset() + " failed its CRC-32C check");
            }
            if (batch.lastOffset() < offset || batch.isControlBatch()) {
                continue;
            }
            for (Record record : batch.records()) {
                if (record.offset() >= offset) {
                    return new OffsetAndTimestamp(record.offset(), record.timestamp());
                }
            }
        }
        return null;
    }

    private static BrookException error(TopicPartition partition, ErrorCode code, String message) {
        return code.exception("partition " + partition + ": " + (message == null ? code.description() : message));
    }
}
