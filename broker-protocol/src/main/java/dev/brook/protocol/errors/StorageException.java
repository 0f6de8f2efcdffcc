package dev.brook.protocol.errors;

/**
 * The broker failed to read or write its files (a full disk, an I/O error, a file it cannot open).
 * Error code {@link ErrorCode#KAFKA_STORAGE_ERROR}; the cause, where there is one, is the
 * underlying {@link java.io.IOException}.
 */
public class StorageException extends BrookException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(ErrorCode.KAFKA_STORAGE_ERROR, message, cause);
    }
}
