package dev.brook.protocol.errors;

/**
 * An idempotent producer's batch repeats sequence numbers the partition already holds. Kafka's
 * producers count this as success; Brook's broker answers a retried batch it still remembers with
 * the original offsets instead, so this type exists for the wire mapping. Error code
 * {@link ErrorCode#DUPLICATE_SEQUENCE_NUMBER}.
 */
public class DuplicateSequenceException extends BrookException {
    private static final long serialVersionUID = 1L;

    public DuplicateSequenceException(String message) {
        super(ErrorCode.DUPLICATE_SEQUENCE_NUMBER, message);
    }
}
