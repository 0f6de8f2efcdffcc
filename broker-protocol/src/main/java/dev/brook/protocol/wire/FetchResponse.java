package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Fetch (key 1) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  topics  [name string, partitions [partition int32, errorCode int16, errorMessage string (nullable),
 *           logStartOffset int64, logEndOffset int64, records records]]
 * </pre>
 *
 * {@code records} holds whole batches only; it is empty (length 0) when there is nothing new and
 * null (length -1) on error. The server writes it straight from the log file to the socket.
 */
public record FetchResponse(List<TopicResult> topics) implements Message {
    public record TopicResult(String name, List<PartitionResult> partitions) {
    }

    public record PartitionResult(int partition, ErrorCode errorCode, String errorMessage, long logStartOffset,
            long logEndOffset, RecordsPayload records) {
        public static PartitionResult error(int partition, ErrorCode error, String message) {
            return new PartitionResult(partition, error, message, -1L, -1L, null);
        }
    }

    public static FetchResponse read(ByteBuffer buffer, short version) {
        return new FetchResponse(Wire.readArray(buffer, topic -> new TopicResult(Wire.readString(topic),
                Wire.readArray(topic, p -> new PartitionResult(p.getInt(), ErrorCode.forCode(p.getShort()),
                        Wire.readNullableString(p), p.getLong(), p.getLong(), Wire.readRecords(p))))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, topic -> Wire.sizeOfString(topic.name())
                + Wire.sizeOfArray(topic.partitions(), p -> 4 + 2 + Wire.sizeOfString(p.errorMessage()) + 8 + 8
                        + Wire.sizeOfRecords(p.records())));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, topic) -> {
            o.writeString(topic.name());
            Wire.writeArray(o, topic.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeShort(p.errorCode().code());
                w.writeString(p.errorMessage());
                w.writeLong(p.logStartOffset());
                w.writeLong(p.logEndOffset());
                w.writeRecords(p.records());
            });
        });
    }
}
