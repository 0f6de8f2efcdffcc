package dev.brook.protocol.errors;

/**
 * The client could not authenticate: the broker refused its SASL user or password
 * ({@link ErrorCode#SASL_AUTHENTICATION_FAILED}), does not enable the mechanism it asked for
 * ({@link ErrorCode#UNSUPPORTED_SASL_MECHANISM}), or requires authentication the client did not
 * attempt ({@link ErrorCode#ILLEGAL_SASL_STATE}). Not retriable: the same credentials fail again,
 * so a client reports it at once. The message is the broker's; it never says which of user and
 * password was wrong.
 */
public class AuthenticationException extends BrookException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
