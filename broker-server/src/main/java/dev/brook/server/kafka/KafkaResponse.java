package dev.brook.server.kafka;

import dev.brook.server.network.ErrorSink;
import dev.brook.server.network.OutgoingResponse;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * A Kafka response frame: the size, the response header in the version the request's API and
 * version call for, and the body written by kafka-clients' generated class for that version.
 *
 * <pre>
 *  | size int32 | correlation id int32 | (tagged fields, header v1) | body ... |
 * </pre>
 *
 * <p>Immutable until encoded; encoded once, on the connection's event loop.
 */
final class KafkaResponse implements OutgoingResponse {
    private static final int MAX_FIRST_BUFFER = 64 * 1024;

    private final int correlationId;
    private final short headerVersion;
    private final ApiMessage body;
    private final short version;

    KafkaResponse(int correlationId, short headerVersion, ApiMessage body, short version) {
        this.correlationId = correlationId;
        this.headerVersion = headerVersion;
        this.body = body;
        this.version = version;
    }

    ApiMessage body() {
        return body;
    }

    short version() {
        return version;
    }

    @Override
    public void reportErrors(ErrorSink sink) {
        KafkaResponseErrors.report(body, sink);
    }

    @Override
    public List<Object> encode(ByteBufAllocator allocator) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        header.addSize(size, cache, headerVersion);
        body.addSize(size, cache, version);
        NettyWritable out = new NettyWritable(allocator, 4 + Math.min(size.sizeExcludingZeroCopy(), MAX_FIRST_BUFFER));
        try {
            out.writeInt(size.totalSize());
            header.write(out, cache, headerVersion);
            body.write(out, cache, version);
            return out.finish();
        } catch (RuntimeException e) {
            out.discard();
            throw e;
        }
    }
}
