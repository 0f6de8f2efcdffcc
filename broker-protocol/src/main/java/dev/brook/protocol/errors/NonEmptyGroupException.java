package dev.brook.protocol.errors;

/**
 * A group that still has members cannot be deleted; stop its consumers first. Error code
 * {@link ErrorCode#NON_EMPTY_GROUP}.
 */
public class NonEmptyGroupException extends BrookException {
    private static final long serialVersionUID = 1L;

    public NonEmptyGroupException(String message) {
        super(ErrorCode.NON_EMPTY_GROUP, message);
    }
}
