package dev.brook.protocol.errors;

/** A read asked for an offset below the log start offset or above the log end offset. Error code {@link ErrorCode#OFFSET_OUT_OF_RANGE}. */
public class OffsetOutOfRangeException extends BrookException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(ErrorCode.OFFSET_OUT_OF_RANGE, message);
    }
}
