package dev.brook.protocol.errors;

/**
 * The broker has no state for the producer id a request names. Error code
 * {@link ErrorCode#UNKNOWN_PRODUCER_ID}.
 */
public class UnknownProducerIdException extends BrookException {
    private static final long serialVersionUID = 1L;

    public UnknownProducerIdException(String message) {
        super(ErrorCode.UNKNOWN_PRODUCER_ID, message);
    }
}
