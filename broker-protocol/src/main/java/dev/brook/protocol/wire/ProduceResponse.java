package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Produce (key 0) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  topics  [name string, partitions [partition int32, errorCode int16, errorMessage string (nullable),
 *           baseOffset int64, logAppendTime int64, logStartOffset int64]]
 * </pre>
 *
 * {@code baseOffset} is the first offset assigned (-1 on error); {@code logAppendTime} is the
 * broker's time stamped on the batches for {@code LogAppendTime} topics, else -1.
 */
public record ProduceResponse(List<TopicResult> topics) implements Message {
    public record TopicResult(String name, List<PartitionResult> partitions) {
    }

    public record PartitionResult(int partition, ErrorCode errorCode, String errorMessage, long baseOffset,
            long logAppendTime, long logStartOffset) {
        /** A failed partition. */
        public static PartitionResult error(int partition, ErrorCode error, String message) {
            return new PartitionResult(partition, error, message, -1L, -1L, -1L);
        }
    }

    public static ProduceResponse read(ByteBuffer buffer, short version) {
        return new ProduceResponse(Wire.readArray(buffer, topic -> new TopicResult(Wire.readString(topic),
                Wire.readArray(topic, p -> new PartitionResult(p.getInt(), ErrorCode.forCode(p.getShort()),
                        Wire.readNullableString(p), p.getLong(), p.getLong(), p.getLong())))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, topic -> Wire.sizeOfString(topic.name())
                + Wire.sizeOfArray(topic.partitions(), p -> 4 + 2 + Wire.sizeOfString(p.errorMessage()) + 8 + 8 + 8));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, topic) -> {
            o.writeString(topic.name());
            Wire.writeArray(o, topic.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeShort(p.errorCode().code());
                w.writeString(p.errorMessage());
                w.writeLong(p.baseOffset());
                w.writeLong(p.logAppendTime());
                w.writeLong(p.logStartOffset());
            });
        });
    }
}
