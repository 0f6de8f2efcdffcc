package dev.brook.protocol.errors;

/** A partition count is out of range, or would shrink a topic. Error code {@link ErrorCode#INVALID_PARTITIONS}. */
public class InvalidPartitionsException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidPartitionsException(String message) {
        super(ErrorCode.INVALID_PARTITIONS, message);
    }
}
