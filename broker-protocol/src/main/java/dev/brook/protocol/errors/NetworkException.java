package dev.brook.protocol.errors;

/**
 * The connection to the broker could not be made or was lost before a response came. Error code
 * {@link ErrorCode#NETWORK_EXCEPTION}; retriable: the client reconnects on the next attempt.
 */
public class NetworkException extends BrookException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(ErrorCode.NETWORK_EXCEPTION, message);
    }

    public NetworkException(String message, Throwable cause) {
        super(ErrorCode.NETWORK_EXCEPTION, message, cause);
    }
}
