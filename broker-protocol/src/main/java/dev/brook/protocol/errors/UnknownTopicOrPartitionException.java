package dev.brook.protocol.errors;

/** The named topic, or the partition of it, does not exist. Error code {@link ErrorCode#UNKNOWN_TOPIC_OR_PARTITION}. */
public class UnknownTopicOrPartitionException extends BrookException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException(String message) {
        super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message);
    }
}
