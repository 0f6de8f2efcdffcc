package dev.brook.protocol.errors;

/**
 * The group does not accept the member epoch a heartbeat or offset commit carried: the member was
 * removed (it missed its session timeout, or did not release revoked partitions in time), or its
 * epoch is from an assignment it should not still hold. The member must stop using its partitions
 * at once and join again with epoch 0. Error code {@link ErrorCode#FENCED_MEMBER_EPOCH}.
 */
public class FencedMemberEpochException extends BrookException {
    private static final long serialVersionUID = 1L;

    public FencedMemberEpochException(String message) {
        super(ErrorCode.FENCED_MEMBER_EPOCH, message);
    }
}
