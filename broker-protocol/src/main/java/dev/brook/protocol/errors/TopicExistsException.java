package dev.brook.protocol.errors;

/** A topic of that name already exists. Error code {@link ErrorCode#TOPIC_ALREADY_EXISTS}. */
public class TopicExistsException extends BrookException {
    private static final long serialVersionUID = 1L;

    public TopicExistsException(String message) {
        super(ErrorCode.TOPIC_ALREADY_EXISTS, message);
    }
}
