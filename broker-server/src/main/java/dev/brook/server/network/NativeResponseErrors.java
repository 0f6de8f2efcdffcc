package dev.brook.server.network;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.CreateTopicsResponse;
import dev.brook.protocol.wire.DeleteGroupsResponse;
import dev.brook.protocol.wire.DescribeConfigsResponse;
import dev.brook.protocol.wire.DescribeGroupsResponse;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.ListOffsetsResponse;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.OffsetCommitResponse;
import dev.brook.protocol.wire.OffsetFetchResponse;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.TopicError;
import dev.brook.protocol.wire.TopicErrorsResponse;
import dev.brook.server.handler.Response;
import java.util.List;

/**
 * The errors a Brook response carries, for request metrics ({@link OutgoingResponse#reportErrors}):
 * the header's error when the request failed as a whole, else the error of each topic, partition or
 * group in the body. A response type added to the protocol with per-resource errors must be added
 * here, or its errors go uncounted.
 *
 * <p>Walks the body's lists by index (they are the immutable random-access lists the handlers
 * build): no allocation. Thread-safe and stateless.
 */
final class NativeResponseErrors {
    private NativeResponseErrors() {
    }

    static void report(Response response, ErrorSink sink) {
        ErrorCode requestLevel = response.header().errorCode();
        if (requestLevel != ErrorCode.NONE) {
            sink.error(requestLevel.name());
            return;
        }
        Message body = response.body();
        if (body instanceof ProduceResponse produce) {
            for (int t = 0; t < produce.topics().size(); t++) {
                List<ProduceResponse.PartitionResult> partitions = produce.topics().get(t).partitions();
                for (int p = 0; p < partitions.size(); p++) {
                    report(partitions.get(p).errorCode(), sink);
                }
            }
        } else if (body instanceof FetchResponse fetch) {
            for (int t = 0; t < fetch.topics().size(); t++) {
                List<FetchResponse.PartitionResult> partitions = fetch.topics().get(t).partitions();
                for (int p = 0; p < partitions.size(); p++) {
                    report(partitions.get(p).errorCode(), sink);
                }
            }
        } else if (body instanceof MetadataResponse metadata) {
            metadata.topics().forEach(topic -> report(topic.errorCode(), sink));
        } else if (body instanceof CreateTopicsResponse created) {
            created.topics().forEach(topic -> report(topic.errorCode(), sink));
        } else if (body instanceof TopicErrorsResponse perTopic) {
            for (TopicError topic : perTopic.topics()) {
                report(topic.errorCode(), sink);
            }
        } else if (body instanceof DeleteGroupsResponse deleted) {
            deleted.groups().forEach(group -> report(group.errorCode(), sink));
        } else if (body instanceof DescribeGroupsResponse described) {
            described.groups().forEach(group -> report(group.errorCode(), sink));
        } else if (body instanceof DescribeConfigsResponse configs) {
            configs.topics().forEach(topic -> report(topic.errorCode(), sink));
        } else if (body instanceof OffsetCommitResponse committed) {
            committed.topics().forEach(topic -> topic.partitions().forEach(p -> report(p.errorCode(), sink)));
        } else if (body instanceof OffsetFetchResponse fetched) {
            fetched.topics().forEach(topic -> topic.partitions().forEach(p -> report(p.errorCode(), sink)));
        } else if (body instanceof ListOffsetsResponse offsets) {
            offsets.topics().forEach(topic -> topic.partitions().forEach(p -> report(p.errorCode(), sink)));
        }
    }

    private static void report(ErrorCode code, ErrorSink sink) {
        if (code != ErrorCode.NONE) {
            sink.error(code.name());
        }
    }
}
