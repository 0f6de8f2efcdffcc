package dev.brook.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Produce (key 0) v0: appends record batches to partitions.
 *
 * <pre>
 *  acks        int16    0: no response is sent; 1: answer once written; -1 (all): answer once durable
 *                       under the topic's flush policy
 *  timeoutMs   int32    how long the broker may take
 *  topics      [name string, partitions [partition int32, records records]]
 * </pre>
 */
public record ProduceRequest(short acks, int timeoutMs, List<TopicData> topics) implements Message {
    /** One topic's partitions. */
    public record TopicData(String name, List<PartitionData> partitions) {
    }

    /** One partition's record batches. */
    public record PartitionData(int partition, RecordsPayload records) {
    }

    public static ProduceRequest read(ByteBuffer buffer, short version) {
        return new ProduceRequest(buffer.getShort(), buffer.getInt(), Wire.readArray(buffer,
                topic -> new TopicData(Wire.readString(topic), Wire.readArray(topic,
                        partition -> new PartitionData(partition.getInt(), Wire.readRecords(partition))))));
    }

    @Override
    public int sizeInBytes() {
        return 2 + 4 + Wire.sizeOfArray(topics, topic -> Wire.sizeOfString(topic.name())
                + Wire.sizeOfArray(topic.partitions(), partition -> 4 + Wire.sizeOfRecords(partition.records())));
    }

    @Override
    public void writeTo(MessageOutput out) {
        out.writeShort(acks);
        out.writeInt(timeoutMs);
        Wire.writeArray(out, topics, (o, topic) -> {
            o.writeString(topic.name());
            Wire.writeArray(o, topic.partitions(), (p, partition) -> {
                p.writeInt(partition.partition());
                p.writeRecords(partition.records());
            });
        });
    }
}
