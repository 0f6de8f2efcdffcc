package dev.brook.protocol.errors;

/**
 * A request's bytes do not follow the protocol: a field runs past the end of the frame, a length or
 * count is negative or impossible, or bytes are left over. Error code {@link ErrorCode#INVALID_REQUEST}.
 */
public class InvalidRequestException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(ErrorCode.INVALID_REQUEST, message);
    }
}
