package dev.brook.client.consumer;

import dev.brook.protocol.TopicPartition;

/**
 * The key or value deserializer failed on a record. The consumer's position stays at that record,
 * so every poll throws this again until the application {@link Consumer#seek seeks} past it (to
 * {@link #offset()} + 1) or fixes the deserializer. The cause is the deserializer's exception.
 */
public class RecordDeserializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TopicPartition partition;
    private final long offset;

    public RecordDeserializationException(TopicPartition partition, long offset, String message, Throwable cause) {
        super(message, cause);
        this.partition = partition;
        this.offset = offset;
    }

    /** The partition of the record that could not be deserialized. */
    public TopicPartition topicPartition() {
        return partition;
    }

    /** The offset of the record that could not be deserialized. */
    public long offset() {
        return offset;
    }
}
