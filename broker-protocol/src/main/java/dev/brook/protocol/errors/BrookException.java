package dev.brook.protocol.errors;

/**
 * An error that the broker reports to whoever asked: an embedding application directly, or a
 * remote client through the {@link ErrorCode} on the wire.
 *
 * <p>The subclasses name the common cases so that callers can catch them by type; every instance
 * carries its {@link #errorCode()} and a message naming the topic, partition, offset, file or
 * setting involved.
 */
public class BrookException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public BrookException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public BrookException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        if (errorCode == null || errorCode == ErrorCode.NONE) {
            throw new IllegalArgumentException("a BrookException needs an error code other than NONE");
        }
        this.errorCode = errorCode;
    }

    /** The code sent on the wire for this error. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Whether repeating the same operation later may succeed. */
    public boolean retriable() {
        return errorCode.retriable();
    }
}
