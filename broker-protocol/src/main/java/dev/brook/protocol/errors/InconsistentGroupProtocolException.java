package dev.brook.protocol.errors;

/**
 * A member asked to join a group with a protocol the group does not use: a protocol type or set of
 * protocols that does not match the other members', or a classic JoinGroup for a group that is a
 * consumer group (or the reverse). Error code {@link ErrorCode#INCONSISTENT_GROUP_PROTOCOL}.
 */
public class InconsistentGroupProtocolException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InconsistentGroupProtocolException(String message) {
        super(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, message);
    }
}
