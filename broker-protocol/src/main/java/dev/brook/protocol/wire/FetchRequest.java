package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Fetch (key 1) v0: reads record batches from partitions, waiting for data if asked to.
 *
 * <pre>
 *  maxWaitMs  int32   how long to wait for minBytes to be available
 *  minBytes   int32   answer as soon as this much data is available (0: at once)
 *  maxBytes   int32   the most record bytes in the whole response
 *  topics     [name string, partitions [partition int32, fetchOffset int64, partitionMaxBytes int32]]
 * </pre>
 */
public record FetchRequest(int maxWaitMs, int minBytes, int maxBytes, List<TopicData> topics) implements Message {
    public record TopicData(String name, List<PartitionData> partitions) {
    }

    public record PartitionData(int partition, long fetchOffset, int partitionMaxBytes) {
    }

    public static FetchRequest read(ByteBuffer buffer, short version) {
        return new FetchRequest(buffer.getInt(), buffer.getInt(), buffer.getInt(), Wire.readArray(buffer,
                topic -> new TopicData(Wire.readString(topic), Wire.readArray(topic,
                        p -> new PartitionData(p.getInt(), p.getLong(), p.getInt())))));
    }

    @Override
    public int sizeInBytes() {
        return 4 + 4 + 4 + Wire.sizeOfArray(topics, topic -> Wire.sizeOfString(topic.name())
                + Wire.sizeOfArray(topic.partitions(), p -> 4 + 8 + 4));
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeInt(maxWaitMs);
        out.writeInt(minBytes);
        out.writeInt(maxBytes);
        Wire.writeArray(out, topics, (o, topic) -> {
            o.writeString(topic.name());
            Wire.writeArray(o, topic.partitions(), (w, p) -> {
                w.writeInt(p.partition());
                w.writeLong(p.fetchOffset());
                w.writeInt(p.partitionMaxBytes());
            });
        });
    }
}
