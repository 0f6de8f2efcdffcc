package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * OffsetCommit (key 8) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  topics  [name string, partitions [partition int32, errorCode int16, errorMessage string (nullable)]]
 * </pre>
 *
 * One element per topic and partition of the request: {@code NONE} if its offset was committed.
 */
public record OffsetCommitResponse(List<TopicResult> topics) implements Message {
    public record TopicResult(String name, List<PartitionResult> partitions) {
    }

    public record PartitionResult(int partition, ErrorCode errorCode, String errorMessage) {
        /** A partition whose offset was committed. */
        public static PartitionResult ok(int partition) {
            return new PartitionResult(partition, ErrorCode.NONE, null);
        }
    }

    public static OffsetCommitResponse read(ByteBuffer buffer, short version) {
        return new OffsetCommitResponse(Wire.readArray(buffer, t -> new TopicResult(Wire.readString(t),
                Wire.readArray(t, p -> new PartitionResult(p.getInt(), ErrorCode.forCode(p.getShort()),
                        Wire.readNullableString(p))))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name())
                + Wire.sizeOfArray(t.partitions(), p -> 4 + 2 + Wire.sizeOfString(p.errorMessage())));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            Wire.writeArray(o, t.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeShort(p.errorCode().code());
                w.writeString(p.errorMessage());
            });
        });
    }
}
