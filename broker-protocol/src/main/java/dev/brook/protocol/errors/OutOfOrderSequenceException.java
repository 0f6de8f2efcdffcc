package dev.brook.protocol.errors;

/**
 * An idempotent producer's batch does not continue its sequence in the partition: it skips
 * sequence numbers (a gap), repeats ones older than the batches the broker still remembers, or does
 * not start at 0 after an epoch bump. Nothing of the request was stored. Error code
 * {@link ErrorCode#OUT_OF_ORDER_SEQUENCE_NUMBER}.
 */
public class OutOfOrderSequenceException extends BrookException {
    private static final long serialVersionUID = 1L;

    public OutOfOrderSequenceException(String message) {
        super(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message);
    }
}
