package dev.brook.server.kafka;

import dev.brook.core.LogReadResult;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * Fetched record data that is still in its log file, as kafka-clients' message classes see
 * records: they ask only its size, and {@link NettyWritable} sends it as a file region. Immutable.
 */
final class FileRecordsView implements BaseRecords {
    private final LogReadResult region;

    FileRecordsView(LogReadResult region) {
        this.region = region;
    }

    LogReadResult region() {
        return region;
    }

    @Override
    public int sizeInBytes() {
        return region.sizeInBytes();
    }

    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("Brook sends fetched records through NettyWritable, not Kafka's Send");
    }
}
