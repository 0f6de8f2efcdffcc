package dev.brook.server.kafka;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * The error a Kafka response reports, for request metrics: the top-level {@code errorCode} of the
 * response types that have one, else for Produce and Fetch the first partition's error that is not
 * NONE. Other per-resource errors (a CreateTopics result per topic, say) are not looked at.
 *
 * <p>The top-level error is read through a method handle looked up once per response class, so the
 * cost per response is one call; Produce and Fetch walk their partitions, not their records.
 * Thread-safe and stateless.
 */
final class KafkaResponseErrors {
    private static final ClassValue<MethodHandle> TOP_LEVEL = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "errorCode", MethodType.methodType(short.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return null;
            }
        }
    };

    private KafkaResponseErrors() {
    }

    /** The name of {@code response}'s error, as {@link Errors} names it; {@code "NONE"} when it has none. */
    static String errorName(ApiMessage response) {
        short code = topLevel(response);
        if (code == 0 && response instanceof ProduceResponseData produce) {
            code = firstPartitionError(produce);
        } else if (code == 0 && response instanceof FetchResponseData fetch) {
            code = firstPartitionError(fetch);
        }
        return code == 0 ? "NONE" : Errors.forCode(code).name();
    }

    private static short topLevel(ApiMessage response) {
        MethodHandle errorCode = TOP_LEVEL.get(response.getClass());
        if (errorCode == null) {
            return 0;
        }
        try {
            return (short) errorCode.invoke(response);
        } catch (Throwable e) {
            throw new IllegalStateException("could not read the error code of " + response.getClass().getName(), e);
        }
    }

    private static short firstPartitionError(ProduceResponseData produce) {
        for (ProduceResponseData.TopicProduceResponse topic : produce.responses()) {
            for (ProduceResponseData.PartitionProduceResponse partition : topic.partitionResponses()) {
                if (partition.errorCode() != 0) {
                    return partition.errorCode();
                }
            }
        }
        return 0;
    }

    private static short firstPartitionError(FetchResponseData fetch) {
        for (FetchResponseData.FetchableTopicResponse topic : fetch.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (partition.errorCode() != 0) {
                    return partition.errorCode();
                }
            }
        }
        return 0;
    }
}
