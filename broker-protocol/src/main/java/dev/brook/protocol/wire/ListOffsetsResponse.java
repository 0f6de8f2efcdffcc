package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * ListOffsets (key 2) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  topics  [name string, partitions [partition int32, errorCode int16, errorMessage string (nullable),
 *           offset int64]]
 * </pre>
 *
 * {@code offset} is -1 when no record is at or after the requested time.
 */
public record ListOffsetsResponse(List<TopicResult> topics) implements Message {
    public record TopicResult(String name, List<PartitionResult> partitions) {
    }

    public record PartitionResult(int partition, ErrorCode errorCode, String errorMessage, long offset) {
    }

    public static ListOffsetsResponse read(ByteBuffer buffer, short version) {
        return new ListOffsetsResponse(Wire.readArray(buffer, topic -> new TopicResult(Wire.readString(topic),
                Wire.readArray(topic, p -> new PartitionResult(p.getInt(), ErrorCode.forCode(p.getShort()),
                        Wire.readNullableString(p), p.getLong())))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, topic -> Wire.sizeOfString(topic.name())
                + Wire.sizeOfArray(topic.partitions(), p -> 4 + 2 + Wire.sizeOfString(p.errorMessage()) + 8));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, topic) -> {
            o.writeString(topic.name());
            Wire.writeArray(o, topic.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeShort(p.errorCode().code());
                w.writeString(p.errorMessage());
                w.writeLong(p.offset());
            });
        });
    }
}
