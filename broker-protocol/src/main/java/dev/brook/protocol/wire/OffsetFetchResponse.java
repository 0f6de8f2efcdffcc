package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * OffsetFetch (key 9) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  topics  [name string, partitions [partition int32, offset int64, metadata string (nullable),
 *           errorCode int16, errorMessage string (nullable)]]
 * </pre>
 *
 * {@code offset} is {@link #NO_OFFSET} (-1), with a null {@code metadata}, when the group has
 * committed none for the partition, and on error.
 */
public record OffsetFetchResponse(List<TopicResult> topics) implements Message {
    /** The offset of a partition the group has committed nothing for. */
    public static final long NO_OFFSET = -1L;

    public record TopicResult(String name, List<PartitionResult> partitions) {
    }

    public record PartitionResult(int partition, long offset, String metadata, ErrorCode errorCode,
            String errorMessage) {
        /** A partition the group has committed nothing for. */
        public static PartitionResult none(int partition) {
            return new PartitionResult(partition, NO_OFFSET, null, ErrorCode.NONE, null);
        }

        /** A partition whose offset could not be looked up. */
        public static PartitionResult error(int partition, ErrorCode error, String message) {
            return new PartitionResult(partition, NO_OFFSET, null, error, message);
        }
    }

    public static OffsetFetchResponse read(ByteBuffer buffer, short version) {
        return new OffsetFetchResponse(Wire.readArray(buffer, t -> new TopicResult(Wire.readString(t),
                Wire.readArray(t, p -> new PartitionResult(p.getInt(), p.getLong(), Wire.readNullableString(p),
                        ErrorCode.forCode(p.getShort()), Wire.readNullableString(p))))));
    }

    @Override
    public int sizeInBytes() {
        return Wire.sizeOfArray(topics, t -> Wire.sizeOfString(t.name()) + Wire.sizeOfArray(t.partitions(),
                p -> 4 + 8 + Wire.sizeOfString(p.metadata()) + 2 + Wire.sizeOfString(p.errorMessage())));
    }

    @Override
    public void writeTo(MessageOutput out) {
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeString(t.name());
            Wire.writeArray(o, t.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeLong(p.offset());
                w.writeString(p.metadata());
                w.writeShort(p.errorCode().code());
                w.writeString(p.errorMessage());
            });
        });
    }
}
