package dev.brook.protocol.errors;

/**
 * Record data is damaged: a batch fails its CRC-32C check, its length field points past the data,
 * or its header is malformed. Error code {@link ErrorCode#CORRUPT_MESSAGE}.
 */
public class CorruptRecordException extends BrookException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(ErrorCode.CORRUPT_MESSAGE, message);
    }
}
