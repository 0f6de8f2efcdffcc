package dev.brook.protocol.wire;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * Metadata (key 3) v0 response, after the {@link ResponseHeader}:
 *
 * <pre>
 *  brokerId  int32
 *  host      string   where clients reach this broker
 *  port      int32
 *  topics    [errorCode int16, errorMessage string (nullable), name string, topicId uuid,
 *             partitions [partition int32, leaderId int32, logStartOffset int64, logEndOffset int64]]
 * </pre>
 *
 * This single broker leads every partition. A topic that was asked for and does not exist has
 * {@code UNKNOWN_TOPIC_OR_PARTITION}, a zero topic id and no partitions.
 */
public record MetadataResponse(int brokerId, String host, int port, List<TopicMetadata> topics) implements Message {
    public static final UUID NO_TOPIC_ID = new UUID(0, 0);

    public record TopicMetadata(ErrorCode errorCode, String errorMessage, String name, UUID topicId,
            List<PartitionMetadata> partitions) {
    }

    public record PartitionMetadata(int partition, int leaderId, long logStartOffset, long logEndOffset) {
    }

    public static MetadataResponse read(ByteBuffer buffer, short version) {
        return new MetadataResponse(buffer.getInt(), Wire.readString(buffer), buffer.getInt(), Wire.readArray(buffer,
                t -> new TopicMetadata(ErrorCode.forCode(t.getShort()), Wire.readNullableString(t), Wire.readString(t),
                        Wire.readUuid(t), Wire.readArray(t,
                                p -> new PartitionMetadata(p.getInt(), p.getInt(), p.getLong(), p.getLong())))));
    }

    @Override
    public int sizeInBytes() {
        return 4 + Wire.sizeOfString(host) + 4 + Wire.sizeOfArray(topics, t -> 2 + Wire.sizeOfString(t.errorMessage())
                + Wire.sizeOfString(t.name()) + 16 + Wire.sizeOfArray(t.partitions(), p -> 4 + 4 + 8 + 8));
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeInt(brokerId);
        out.writeString(host);
        out.writeInt(port);
        Wire.writeArray(out, topics, (o, t) -> {
            o.writeShort(t.errorCode().code());
            o.writeString(t.errorMessage());
            o.writeString(t.name());
            o.writeUuid(t.topicId());
            Wire.writeArray(o, t.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeInt(p.leaderId());
                w.writeLong(p.logStartOffset());
                w.writeLong(p.logEndOffset());
            });
        });
    }
}
