package dev.brook.protocol.errors;

/** A configuration key is unknown or its value is out of range. Error code {@link ErrorCode#INVALID_CONFIG}. */
public class InvalidConfigurationException extends BrookException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(ErrorCode.INVALID_CONFIG, message);
    }
}
