package dev.brook.protocol.errors;

/**
 * The principal may not do what it asked to a group; the message names the principal, the operation
 * and the group. Error code {@link ErrorCode#GROUP_AUTHORIZATION_FAILED}.
 */
public class GroupAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public GroupAuthorizationException(String message) {
        super(ErrorCode.GROUP_AUTHORIZATION_FAILED, message);
    }
}
