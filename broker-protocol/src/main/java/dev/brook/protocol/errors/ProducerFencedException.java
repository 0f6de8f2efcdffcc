package dev.brook.protocol.errors;

/**
 * A request to bump a producer's epoch named an epoch older than the producer id's current one:
 * another instance of the producer has bumped it since, so this one is fenced and must stop.
 * Error code {@link ErrorCode#PRODUCER_FENCED}.
 */
public class ProducerFencedException extends BrookException {
    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message) {
        super(ErrorCode.PRODUCER_FENCED, message);
    }
}
