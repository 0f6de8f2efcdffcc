package dev.brook.server.handler;

import dev.brook.core.Broker;
import dev.brook.core.LogReadResult;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.FetchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Serves Brook's Fetch: reads each partition as a file region of the log ({@link LogRecords},
 * never a copy), and when that finds fewer than {@code minBytes} waits in the
 * {@link FetchPurgatory} for appends, up to {@code maxWaitMs}.
 *
 * <p>Stateless apart from the broker and the purgatory; thread-safe.
 */
final class FetchHandler {
    private final Broker broker;
    private final FetchPurgatory purgatory;

    FetchHandler(Broker broker, FetchPurgatory purgatory) {
        this.broker = broker;
        this.purgatory = purgatory;
    }

    CompletableFuture<FetchResponse> handle(FetchRequest request) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (FetchRequest.TopicData topic : request.topics()) {
            for (FetchRequest.PartitionData partition : topic.partitions()) {
                partitions.add(new TopicPartition(topic.name(), partition.partition()));
            }
        }
        return purgatory.fetch(partitions, request.maxWaitMs(), () -> {
            Attempt attempt = read(request);
            return new FetchPurgatory.Attempt<>(attempt.response, attempt.satisfied(request), attempt::countRead);
        });
    }

    private Attempt read(FetchRequest request) {
        int remaining = request.maxBytes();
        int total = 0;
        boolean error = false;
        List<FetchResponse.TopicResult> topics = new ArrayList<>(request.topics().size());
        List<Read> reads = new ArrayList<>();
        for (FetchRequest.TopicData topic : request.topics()) {
            List<FetchResponse.PartitionResult> partitions = new ArrayList<>(topic.partitions().size());
            for (FetchRequest.PartitionData partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                try {
                    if (partition.partitionMaxBytes() < 0) {
                        throw new BrookException(ErrorCode.INVALID_FETCH_SIZE, "partitionMaxBytes "
                                + partition.partitionMaxBytes() + " for " + tp + " is negative");
                    }
                    int limit = Math.max(0, Math.min(partition.partitionMaxBytes(), remaining));
                    // Like Kafka: the first partition with data returns at least one batch, so a
                    // consumer always progresses; later ones stay within the limits.
                    LogReadResult result = broker.readUncounted(tp, partition.fetchOffset(), limit, total == 0);
                    reads.add(new Read(topic.name(), result));
                    total += result.sizeInBytes();
                    remaining -= result.sizeInBytes();
                    partitions.add(new FetchResponse.PartitionResult(partition.partition(), ErrorCode.NONE, null,
                            result.logStartOffset(), result.logEndOffset(), new LogRecords(result)));
                } catch (RuntimeException e) {
                    error = true;
                    partitions.add(FetchResponse.PartitionResult.error(partition.partition(), Errors.code(e),
                            Errors.message(e, "fetch from " + tp)));
                }
            }
            topics.add(new FetchResponse.TopicResult(topic.name(), partitions));
        }
        return new Attempt(new FetchResponse(topics), total, error, reads);
    }

    /** One partition's read, counted in its topic's traffic if the attempt is sent. */
    private record Read(String topic, LogReadResult result) {
    }

    private final class Attempt {
        final FetchResponse response;
        final int bytes;
        final boolean error;
        final List<Read> reads;

        Attempt(FetchResponse response, int bytes, boolean error, List<Read> reads) {
            this.response = response;
            this.bytes = bytes;
            this.error = error;
            this.reads = reads;
        }

        void countRead() {
            for (Read read : reads) {
                broker.countRead(read.topic(), read.result());
            }
        }

        boolean satisfied(FetchRequest request) {
            return error || request.minBytes() <= 0 || (bytes > 0 && bytes >= request.minBytes());
        }
    }
}
