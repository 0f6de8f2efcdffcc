package dev.brook.protocol.errors;

/**
 * The principal may not do what it asked of the cluster (such as
 * creating a topic without a rule on it); the message names the principal and the operation. Error code {@link ErrorCode#CLUSTER_AUTHORIZATION_FAILED}.
 */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public ClusterAuthorizationException(String message) {
        super(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, message);
    }
}
