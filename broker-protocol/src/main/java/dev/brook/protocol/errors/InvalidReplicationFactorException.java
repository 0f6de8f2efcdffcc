package dev.brook.protocol.errors;

/** A replication factor other than 1 was asked of this single-node broker. Error code {@link ErrorCode#INVALID_REPLICATION_FACTOR}. */
public class InvalidReplicationFactorException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidReplicationFactorException(String message) {
        super(ErrorCode.INVALID_REPLICATION_FACTOR, message);
    }
}
