package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.LogReadResult;
import dev.brook.core.TimestampAndOffset;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.server.handler.FetchPurgatory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * Fetch and ListOffsets for Kafka clients. A fetch reads each partition as a file region of the
 * log (sent with {@code sendfile}, never copied), and waits in the shared {@link FetchPurgatory}
 * when it finds fewer than {@code min.bytes}, exactly like a fetch on Brook's own listener.
 *
 * <p>Fetch sessions (KIP-227) are not kept: every response carries session id 0, which tells the
 * client to send full fetch requests, a mode every Kafka client supports. With no transactions,
 * the last stable offset is the high watermark, which is the log end offset on a single node.
 *
 * <p>Stateless apart from the broker and the purgatory; thread-safe.
 */
final class KafkaFetchHandler {
    private final Broker broker;
    private final FetchPurgatory purgatory;

    KafkaFetchHandler(Broker broker, FetchPurgatory purgatory) {
        this.broker = broker;
        this.purgatory = purgatory;
    }

    CompletableFuture<ApiMessage> fetch(FetchRequest request, KafkaRequestContext context) {
        FetchRequestData data = request.data();
        if (data.sessionId() != 0) {
            // This broker never hands out a session, so an incremental fetch names one it does not know.
            return CompletableFuture.completedFuture(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(0));
        }
        boolean byId = context.apiVersion() >= 13;
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> names = new ArrayList<>(data.topics().size());
        for (FetchRequestData.FetchTopic topic : data.topics()) {
            String name = byId ? broker.topicName(KafkaClusterHandler.toUuid(topic.topicId())) : topic.topic();
            names.add(name);
            if (name != null) {
                for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                    partitions.add(new TopicPartition(name, partition.partition()));
                }
            }
        }
        return purgatory.fetch(partitions, data.maxWaitMs(), () -> read(data, names, byId));
    }

    private FetchPurgatory.Attempt<ApiMessage> read(FetchRequestData data, List<String> names, boolean byId) {
        int remaining = data.maxBytes();
        int total = 0;
        boolean error = false;
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        List<Map.Entry<String, LogReadResult>> reads = new ArrayList<>();
        for (int t = 0; t < data.topics().size(); t++) {
            FetchRequestData.FetchTopic topic = data.topics().get(t);
            String name = names.get(t);
            FetchResponseData.FetchableTopicResponse topicResponse = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(byId ? "" : topic.topic()).setTopicId(byId ? topic.topicId() : Uuid.ZERO_UUID);
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                FetchResponseData.PartitionData result = new FetchResponseData.PartitionData()
                        .setPartitionIndex(partition.partition());
                if (name == null) {
                    error = true;
                    topicResponse.partitions().add(failed(result, Errors.UNKNOWN_TOPIC_ID.code()));
                    continue;
                }
                TopicPartition tp = new TopicPartition(name, partition.partition());
                try {
                    if (partition.partitionMaxBytes() < 0) {
                        throw new BrookException(ErrorCode.INVALID_FETCH_SIZE, "partition max bytes "
                                + partition.partitionMaxBytes() + " for " + tp + " is negative");
                    }
                    int limit = Math.max(0, Math.min(partition.partitionMaxBytes(), remaining));
                    // As Kafka: the first partition with data returns at least one batch, so a
                    // consumer always progresses; later ones stay within the limits.
                    LogReadResult read = broker.readUncounted(tp, partition.fetchOffset(), limit, total == 0);
                    reads.add(Map.entry(name, read));
                    total += read.sizeInBytes();
                    remaining -= read.sizeInBytes();
                    topicResponse.partitions().add(result
                            .setHighWatermark(read.logEndOffset())
                            .setLastStableOffset(read.logEndOffset())
                            .setLogStartOffset(read.logStartOffset())
                            .setRecords(read.isEmpty() ? MemoryRecords.EMPTY : new FileRecordsView(read)));
                } catch (RuntimeException e) {
                    error = true;
                    topicResponse.partitions().add(failed(result, KafkaErrors.code(e)));
                }
            }
            response.responses().add(topicResponse);
        }
        boolean satisfied = error || data.minBytes() <= 0 || (total > 0 && total >= data.minBytes());
        // Only the reading that is sent counts as traffic: a waiting fetch reads the same data again.
        return new FetchPurgatory.Attempt<>(response, satisfied, () -> {
            for (Map.Entry<String, LogReadResult> read : reads) {
                broker.countRead(read.getKey(), read.getValue());
            }
        });
    }

    private static FetchResponseData.PartitionData failed(FetchResponseData.PartitionData result, short code) {
        return result.setErrorCode(code)
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1)
                .setRecords(MemoryRecords.EMPTY);
    }

    ListOffsetsResponse listOffsets(ListOffsetsRequest request, KafkaRequestContext context) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.data().topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse topicResponse =
                    new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsRequestData.ListOffsetsPartition partition : topic.partitions()) {
                ListOffsetsResponseData.ListOffsetsPartitionResponse result = listOffset(
                        new TopicPartition(topic.name(), partition.partitionIndex()), partition.timestamp());
                if (context.apiVersion() < 4) {
                    // Leader epochs came with version 4; older versions cannot carry one.
                    result.setLeaderEpoch(-1);
                }
                topicResponse.partitions().add(result);
            }
            response.topics().add(topicResponse);
        }
        return new ListOffsetsResponse(response);
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse listOffset(TopicPartition tp, long timestamp) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse result =
                new ListOffsetsResponseData.ListOffsetsPartitionResponse().setPartitionIndex(tp.partition());
        try {
            if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
                return result.setOffset(broker.logStartOffset(tp.topic(), tp.partition())).setTimestamp(-1).setLeaderEpoch(0);
            }
            if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
                return result.setOffset(broker.logEndOffset(tp.topic(), tp.partition())).setTimestamp(-1).setLeaderEpoch(0);
            }
            if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
                TimestampAndOffset max = broker.maxTimestamp(tp.topic(), tp.partition());
                return max == null ? result.setOffset(-1).setTimestamp(-1)
                        : result.setOffset(max.offset()).setTimestamp(max.timestamp()).setLeaderEpoch(0);
            }
            if (timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
                // Every segment is local: the earliest local offset is the log start.
                return result.setOffset(broker.logStartOffset(tp.topic(), tp.partition())).setTimestamp(-1).setLeaderEpoch(0);
            }
            if (timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP
                    || timestamp == ListOffsetsRequest.EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
                // No tiered storage: nothing is tiered or waiting to be, which Kafka answers with -1.
                return result.setOffset(-1).setTimestamp(-1);
            }
            if (timestamp < 0) {
                return result.setErrorCode(Errors.INVALID_REQUEST.code()).setOffset(-1).setTimestamp(-1);
            }
            long offset = broker.offsetForTimestamp(tp.topic(), tp.partition(), timestamp);
            if (offset < 0) {
                return result.setOffset(-1).setTimestamp(-1);
            }
            return result.setOffset(offset).setTimestamp(timestampAt(tp, offset, timestamp)).setLeaderEpoch(0);
        } catch (RuntimeException e) {
            return result.setErrorCode(KafkaErrors.code(e)).setOffset(-1).setTimestamp(-1);
        }
    }

    /**
     * The timestamp of the record at {@code offset}, which Kafka's clients expect beside the offset
     * of a time look-up; read from its batch (one small read, only for this look-up).
     */
    private long timestampAt(TopicPartition tp, long offset, long target) {
        // A look-up, not a fetch: not counted as traffic out.
        LogReadResult read = broker.readUncounted(tp, offset, 1, true);
        for (RecordBatch batch : read.batches()) {
            if (batch.lastOffset() < offset) {
                continue;
            }
            try {
                for (Record record : batch.records()) {
                    if (record.offset() >= offset) {
                        return record.timestamp();
                    }
                }
            } catch (UnsupportedOperationException compressedWithoutCodec) {
                // The batch's newest timestamp is at least the target, which is what the client asked for.
                return batch.maxTimestamp();
            }
        }
        return target;
    }
}
