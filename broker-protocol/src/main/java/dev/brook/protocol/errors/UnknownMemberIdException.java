package dev.brook.protocol.errors;

/**
 * The group has no member with the id the request named: it never joined, or it left or was
 * removed. The consumer joins again with epoch 0. Error code {@link ErrorCode#UNKNOWN_MEMBER_ID}.
 */
public class UnknownMemberIdException extends BrookException {
    private static final long serialVersionUID = 1L;

    public UnknownMemberIdException(String message) {
        super(ErrorCode.UNKNOWN_MEMBER_ID, message);
    }
}
