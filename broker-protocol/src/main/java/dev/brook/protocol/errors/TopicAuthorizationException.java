package dev.brook.protocol.errors;

/**
 * The principal may not do what it asked to a topic; the message names the principal, the operation
 * and the topic. Error code {@link ErrorCode#TOPIC_AUTHORIZATION_FAILED}.
 */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public TopicAuthorizationException(String message) {
        super(ErrorCode.TOPIC_AUTHORIZATION_FAILED, message);
    }
}
