package dev.brook.protocol.errors;

/** A well-formed record batch breaks a rule, such as an empty batch or an unsupported magic byte. Error code {@link ErrorCode#INVALID_RECORD}. */
public class InvalidRecordException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(ErrorCode.INVALID_RECORD, message);
    }
}
