package dev.brook.server.kafka;

import dev.brook.core.AppendResult;
import dev.brook.core.Broker;
import dev.brook.core.ProducerIdAndEpoch;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce and InitProducerId. Each partition's batches are checked ({@link ProducedBatches}:
 * format v2, not transactional, and compressed batches decompressed once to validate their
 * records) and appended straight from the request's buffer; a failure fails only its own
 * partition. A produce with acks=0 gets no response.
 *
 * <p>Idempotent producers (kafka-clients' default): the log checks each batch's producer id, epoch
 * and sequence; a retried batch it already has is answered with its original offset, as a success,
 * and stored once.
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class KafkaProduceHandler {
    private static final Logger log = LoggerFactory.getLogger(KafkaProduceHandler.class);

    private final Broker broker;

    KafkaProduceHandler(Broker broker) {
        this.broker = broker;
    }

    /** Returns null when the producer asked for no response (acks=0). */
    ProduceResponse produce(ProduceRequest request, KafkaRequestContext context) {
        ProduceRequestData data = request.data();
        short acks = data.acks();
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;
        boolean byId = context.apiVersion() >= 13;
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            String name = byId ? broker.topicName(KafkaClusterHandler.toUuid(topic.topicId())) : topic.name();
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(byId ? "" : topic.name()).setTopicId(byId ? topic.topicId() : Uuid.ZERO_UUID);
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                ProduceResponseData.PartitionProduceResponse result;
                if (!validAcks) {
                    result = error(partition.index(), Errors.INVALID_REQUIRED_ACKS,
                            "acks must be 0, 1 or -1 (all), not " + acks);
                } else if (name == null) {
                    result = error(partition.index(), Errors.UNKNOWN_TOPIC_ID, "no topic has id " + topic.topicId());
                } else if (data.transactionalId() != null) {
                    result = error(partition.index(), Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                            "Brook does not support transactions");
                } else {
                    result = append(name, partition);
                }
                if (acks == 0 && result.errorCode() != Errors.NONE.code()) {
                    log.warn("acks=0 produce to {}-{} from client '{}' failed: {}", name, partition.index(),
                            context.clientId(), result.errorMessage());
                }
                topicResponse.partitionResponses().add(result);
            }
            response.responses().add(topicResponse);
        }
        return acks == 0 ? null : new ProduceResponse(response);
    }

    private ProduceResponseData.PartitionProduceResponse append(String topic,
            ProduceRequestData.PartitionProduceData partition) {
        String where = topic + "-" + partition.index();
        try {
            if (!(partition.records() instanceof MemoryRecords) || partition.records().sizeInBytes() == 0) {
                return error(partition.index(), Errors.INVALID_RECORD, "produce request for " + where + " carries no records");
            }
            ByteBuffer batches = ((MemoryRecords) partition.records()).buffer();
            ProducedBatches.validate(batches, where);
            AppendResult result = broker.append(topic, partition.index(), batches);
            return new ProduceResponseData.PartitionProduceResponse()
                    .setIndex(partition.index())
                    .setBaseOffset(result.baseOffset())
                    .setLogAppendTimeMs(result.logAppendTime())
                    .setLogStartOffset(result.logStartOffset());
        } catch (UnknownTopicOrPartitionException e) {
            return error(partition.index(), Errors.UNKNOWN_TOPIC_OR_PARTITION, e.getMessage());
        } catch (RuntimeException e) {
            return error(partition.index(), KafkaErrors.error(e), KafkaErrors.message(e, "produce to " + where));
        }
    }

    private static ProduceResponseData.PartitionProduceResponse error(int partition, Errors error, String message) {
        return new ProduceResponseData.PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
    }

    /**
     * Gives an idempotent producer its id and epoch, or bumps the epoch of the id it has (KIP-360,
     * version 3+), after which its sequences start again at 0.
     */
    InitProducerIdResponse initProducerId(InitProducerIdRequest request) {
        InitProducerIdResponseData data = new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1);
        if (request.data().transactionalId() != null) {
            return new InitProducerIdResponse(data.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
        }
        try {
            long producerId = request.data().producerId();
            ProducerIdAndEpoch granted = producerId < 0 ? broker.initProducerId()
                    : broker.initProducerId(producerId, request.data().producerEpoch());
            return new InitProducerIdResponse(data.setProducerId(granted.producerId()).setProducerEpoch(granted.epoch()));
        } catch (RuntimeException e) {
            return new InitProducerIdResponse(data.setErrorCode(KafkaErrors.code(e)));
        }
    }
}
