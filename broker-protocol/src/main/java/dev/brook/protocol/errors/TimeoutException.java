package dev.brook.protocol.errors;

/**
 * An operation did not finish in the time it was given: a request without a response, a send that
 * could not get buffer memory within {@code max.block.ms}, a record not delivered within
 * {@code delivery.timeout.ms}. Error code {@link ErrorCode#REQUEST_TIMED_OUT}; retriable.
 */
public class TimeoutException extends BrookException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(ErrorCode.REQUEST_TIMED_OUT, message);
    }

    /** With the failure that made the last attempt fail, as the cause. */
    public TimeoutException(String message, Throwable cause) {
        super(ErrorCode.REQUEST_TIMED_OUT, message, cause);
    }
}
