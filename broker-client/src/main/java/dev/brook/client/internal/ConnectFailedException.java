package dev.brook.client.internal;

import dev.brook.protocol.errors.NetworkException;

/**
 * A connection to the broker could not be opened: a {@link NetworkException} that the client
 * retries only once it has reached the broker before, so that a wrong address fails at once.
 */
public final class ConnectFailedException extends NetworkException {
    private static final long serialVersionUID = 1L;

    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
