package dev.brook.server.handler;

import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions into the error codes and messages a client receives. Brook's own exceptions
 * carry their code; anything else is a bug or an environment failure, logged here once and
 * reported as {@code UNKNOWN_SERVER_ERROR} without internal details. Stateless; thread-safe.
 */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    public static ErrorCode code(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof BrookException) {
            return ((BrookException) cause).errorCode();
        }
        if (cause instanceof IllegalArgumentException) {
            return ErrorCode.INVALID_REQUEST;
        }
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    public static String message(Throwable failure, String context) {
        Throwable cause = unwrap(failure);
        if (cause instanceof BrookException || cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        log.error("unexpected failure while serving {}", context, cause);
        return "the broker failed unexpectedly while serving " + context + "; see its log";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
