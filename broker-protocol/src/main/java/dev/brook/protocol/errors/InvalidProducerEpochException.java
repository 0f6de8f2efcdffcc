package dev.brook.protocol.errors;

/**
 * An idempotent producer's batch carries an epoch older than the one the partition has seen for
 * that producer id: it comes from a producer instance that has since been replaced (fenced) by an
 * epoch bump. Nothing of the request was stored. Error code {@link ErrorCode#INVALID_PRODUCER_EPOCH}.
 */
public class InvalidProducerEpochException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidProducerEpochException(String message) {
        super(ErrorCode.INVALID_PRODUCER_EPOCH, message);
    }
}
