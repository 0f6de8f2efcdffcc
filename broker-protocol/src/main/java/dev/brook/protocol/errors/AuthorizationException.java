package dev.brook.protocol.errors;

/**
 * The authenticated principal is not allowed what it asked for by the broker's ACLs. The subclasses
 * say whether a topic, a group or the cluster was refused, and the message names it. Not retriable
 * unless an operator adds a rule.
 */
public class AuthorizationException extends BrookException {
    private static final long serialVersionUID = 1L;

    protected AuthorizationException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
