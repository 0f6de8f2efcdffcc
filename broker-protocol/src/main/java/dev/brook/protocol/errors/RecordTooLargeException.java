package dev.brook.protocol.errors;

/** A record batch is larger than the topic's {@code max.message.bytes}. Error code {@link ErrorCode#MESSAGE_TOO_LARGE}. */
public class RecordTooLargeException extends BrookException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(ErrorCode.MESSAGE_TOO_LARGE, message);
    }
}
