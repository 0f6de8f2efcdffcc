package dev.brook.server.kafka;

import dev.brook.server.security.CredentialStore;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's SASL authentication on a Kafka listener that requires it, as Kafka's clients
 * expect it: ApiVersions, then SaslHandshake (v1) naming a mechanism, then SaslAuthenticate
 * requests carrying the mechanism's messages until it completes. The mechanisms are kafka-clients'
 * own server implementations (PLAIN, SCRAM-SHA-256/512), fed from Brook's {@link CredentialStore}.
 *
 * <p>Until authentication succeeds only ApiVersions and the two SASL APIs are allowed; anything
 * else closes the connection, as Kafka does. A failed authentication is answered with
 * SASL_AUTHENTICATION_FAILED, logged with the user name and client address (never the password),
 * and any further request closes the connection.
 *
 * <p>Thread safety: {@link #admits} runs on the connection's event loop and the SASL requests on
 * I/O threads, one at a time since a client waits for each answer; the state is volatile so the
 * event loop sees what the last SASL request left. A client that does not wait is refused.
 */
final class KafkaSaslSession {
    private static final Logger log = LoggerFactory.getLogger(KafkaSaslSession.class);

    private enum State { HANDSHAKE, AUTHENTICATE, AUTHENTICATED, FAILED }

    private final List<String> mechanisms;
    private final CredentialStore credentials;
    private final String clientHost;
    private volatile State state = State.HANDSHAKE;
    private volatile SaslServer server;
    private volatile String attemptedUser;
    private volatile String principal;

    KafkaSaslSession(List<String> mechanisms, CredentialStore credentials, String clientHost) {
        this.mechanisms = mechanisms;
        this.credentials = credentials;
        this.clientHost = clientHost;
    }

    /**
     * Whether a request of {@code api} may be served now.
     *
     * @throws IllegalSaslStateException when it may not: the connection is then closed
     */
    void checkAdmitted(ApiKeys api) {
        State now = state;
        if (now == State.AUTHENTICATED && api != ApiKeys.SASL_HANDSHAKE && api != ApiKeys.SASL_AUTHENTICATE) {
            return;
        }
        if (now == State.HANDSHAKE && (api == ApiKeys.API_VERSIONS || api == ApiKeys.SASL_HANDSHAKE)) {
            return;
        }
        if (now == State.AUTHENTICATE && api == ApiKeys.SASL_AUTHENTICATE) {
            return;
        }
        throw new IllegalSaslStateException(api.name + " is not allowed "
                + (now == State.AUTHENTICATED ? "after authentication" : now == State.FAILED
                        ? "after a failed authentication" : "before SASL authentication completes"));
    }

    /** The authenticated user, or null. */
    String principal() {
        return principal;
    }

    ApiMessage handshake(SaslHandshakeRequest request) {
        String mechanism = request.data().mechanism();
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(mechanisms);
        if (!mechanisms.contains(mechanism)) {
            state = State.FAILED;
            log.warn("refused SASL mechanism '{}' from {}: this listener has {}", mechanism, clientHost, mechanisms);
            return response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        }
        try {
            server = newServer(mechanism);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks what " + mechanism + " needs", e);
        }
        state = State.AUTHENTICATE;
        return response.setErrorCode(Errors.NONE.code());
    }

    ApiMessage authenticate(SaslAuthenticateRequest request) {
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData().setSessionLifetimeMs(0);
        try {
            byte[] challenge = server.evaluateResponse(request.data().authBytes());
            if (server.isComplete()) {
                principal = server.getAuthorizationID();
                state = State.AUTHENTICATED;
                log.info("{} authenticated as '{}' with {}", clientHost, principal, server.getMechanismName());
            }
            return response.setErrorCode(Errors.NONE.code()).setAuthBytes(challenge == null ? new byte[0] : challenge);
        } catch (SaslAuthenticationException | SaslException e) {
            state = State.FAILED;
            String user = attemptedUser;
            log.warn("SASL {} authentication of user '{}' from {} failed: {}", server.getMechanismName(),
                    user == null ? "(not named)" : user, clientHost, e.getMessage());
            // Kafka's message: it tells the client nothing about which part was wrong.
            return response.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                    .setErrorMessage("Authentication failed during authentication due to invalid credentials with SASL mechanism "
                            + server.getMechanismName())
                    .setAuthBytes(new byte[0]);
        }
    }

    private SaslServer newServer(String mechanism) throws NoSuchAlgorithmException {
        if (mechanism.equals("PLAIN")) {
            return new PlainSaslServer(callbacks -> {
                String user = null;
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        user = name.getDefaultName();
                        attemptedUser = user;
                    } else if (callback instanceof PlainAuthenticateCallback plain) {
                        plain.authenticated(user != null && credentials.verifyPassword(user, plain.password()));
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
        }
        ScramMechanism scram = ScramMechanism.forMechanismName(mechanism);
        return new ScramSaslServer(scram, Map.of(), callbacks -> {
            String user = null;
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    user = name.getDefaultName();
                    attemptedUser = user;
                } else if (callback instanceof ScramCredentialCallback credential) {
                    credential.scramCredential(user == null ? null : credentials.credential(user, scram));
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        });
    }

}
