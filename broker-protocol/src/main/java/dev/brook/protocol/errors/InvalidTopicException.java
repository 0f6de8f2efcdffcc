package dev.brook.protocol.errors;

/** A topic name breaks the naming rules (legal characters, length, not {@code .} or {@code ..}) or collides with an existing one. Error code {@link ErrorCode#INVALID_TOPIC_EXCEPTION}. */
public class InvalidTopicException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidTopicException(String message) {
        super(ErrorCode.INVALID_TOPIC_EXCEPTION, message);
    }
}
