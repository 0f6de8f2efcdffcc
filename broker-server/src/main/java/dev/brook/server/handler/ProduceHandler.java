package dev.brook.server.handler;

import dev.brook.core.AppendResult;
import dev.brook.core.Broker;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.RecordsPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves Produce: appends each partition's batches, straight from the request's buffer, and
 * reports an outcome per partition, so that one bad batch fails only its own partition.
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class ProduceHandler {
    private final Broker broker;

    ProduceHandler(Broker broker) {
        this.broker = broker;
    }

    ProduceResponse handle(ProduceRequest request) {
        short acks = request.acks();
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;
        List<ProduceResponse.TopicResult> topics = new ArrayList<>(request.topics().size());
        for (ProduceRequest.TopicData topic : request.topics()) {
            List<ProduceResponse.PartitionResult> partitions = new ArrayList<>(topic.partitions().size());
            for (ProduceRequest.PartitionData partition : topic.partitions()) {
                if (!validAcks) {
                    partitions.add(ProduceResponse.PartitionResult.error(partition.partition(),
                            ErrorCode.INVALID_REQUIRED_ACKS, "acks must be 0, 1 or -1 (all), not " + acks));
                    continue;
                }
                partitions.add(append(topic.name(), partition));
            }
            topics.add(new ProduceResponse.TopicResult(topic.name(), partitions));
        }
        return new ProduceResponse(topics);
    }

    private ProduceResponse.PartitionResult append(String topic, ProduceRequest.PartitionData partition) {
        RecordsPayload records = partition.records();
        if (!(records instanceof RecordsPayload.BufferRecords)) {
            return ProduceResponse.PartitionResult.error(partition.partition(), ErrorCode.INVALID_RECORD,
                    "produce request for " + topic + "-" + partition.partition() + " carries no records");
        }
        ByteBuffer batches = ((RecordsPayload.BufferRecords) records).buffer();
        try {
            AppendResult result = broker.append(topic, partition.partition(), batches);
            return new ProduceResponse.PartitionResult(partition.partition(), ErrorCode.NONE, null,
                    result.baseOffset(), result.logAppendTime(), result.logStartOffset());
        } catch (RuntimeException e) {
            String context = "produce to " + topic + "-" + partition.partition();
            return ProduceResponse.PartitionResult.error(partition.partition(), Errors.code(e), Errors.message(e, context));
        }
    }
}
