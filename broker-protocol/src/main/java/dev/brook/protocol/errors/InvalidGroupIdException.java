package dev.brook.protocol.errors;

/** The group id is empty or otherwise not valid. Error code {@link ErrorCode#INVALID_GROUP_ID}. */
public class InvalidGroupIdException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidGroupIdException(String message) {
        super(ErrorCode.INVALID_GROUP_ID, message);
    }
}
