package dev.brook.server.security;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's SASL authentication, the same on both listeners: the client names a mechanism
 * (the handshake), then sends the mechanism's messages until it completes. The mechanisms are
 * kafka-clients' own server implementations (PLAIN, SCRAM-SHA-256/512), fed from Brook's
 * {@link CredentialStore}, so a user added with {@code bin/brook users} can log in on either
 * listener. Each listener wraps this in its own protocol's requests and errors.
 *
 * <pre>
 *   HANDSHAKE --mechanism enabled--> AUTHENTICATE --last message verified--> AUTHENTICATED
 *       |                                 |
 *       +--mechanism not enabled--> FAILED <--wrong user or password, or a malformed message
 * </pre>
 *
 * <p>Until authentication succeeds only ApiVersions and the two SASL requests are admitted
 * ({@link #refusal}). A refused mechanism and a failed authentication are logged with the
 * listener, the client's address, the mechanism and the user name it gave (never the password);
 * a success is logged too.
 *
 * <p>Thread safety: the state is volatile. Each listener calls the methods of one connection from
 * one thread at a time, in the order its requests arrived.
 */
public final class SaslAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(SaslAuthenticator.class);

    /**
     * The largest frame a connection may send before it has authenticated (Kafka's default
     * {@code sasl.server.max.receive.size}): SASL messages are small, and a client that has not
     * proved who it is must not make the broker buffer a {@code socket.request.max.bytes} frame.
     */
    public static final int MAX_UNAUTHENTICATED_FRAME_BYTES = 512 * 1024;

    /** Where a connection stands; see the class comment. */
    public enum State { HANDSHAKE, AUTHENTICATE, AUTHENTICATED, FAILED }

    /** What a request is to authentication. */
    public enum RequestKind { API_VERSIONS, HANDSHAKE, AUTHENTICATE, OTHER }

    /** The outcome of one authentication message: the server's answer, or why it failed. */
    public record Step(byte[] challenge, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final String listener;
    private final List<String> mechanisms;
    private final CredentialStore credentials;
    private final String clientHost;
    private volatile State state = State.HANDSHAKE;
    private volatile SaslServer server;
    private volatile String attemptedUser;
    private volatile String user;

    /**
     * @param listener the listener's name for logs ({@code brook}, {@code kafka})
     * @param mechanisms the mechanisms the listener enables, by their SASL names
     * @param clientHost the client's address as logs show it
     */
    public SaslAuthenticator(String listener, List<String> mechanisms, CredentialStore credentials, String clientHost) {
        this.listener = listener;
        this.mechanisms = List.copyOf(mechanisms);
        this.credentials = credentials;
        this.clientHost = clientHost;
    }

    public State state() {
        return state;
    }

    /**
     * The largest request frame the connection may send now: {@link #MAX_UNAUTHENTICATED_FRAME_BYTES}
     * until it has authenticated, then no limit beyond the listener's.
     */
    public int maxFrameBytes() {
        return user == null ? MAX_UNAUTHENTICATED_FRAME_BYTES : Integer.MAX_VALUE;
    }

    public List<String> mechanisms() {
        return mechanisms;
    }

    /** The mechanism being used, or null before the handshake. */
    public String mechanism() {
        SaslServer current = server;
        return current == null ? null : current.getMechanismName();
    }

    /** The authenticated principal, {@code User:NAME}, or null before authentication succeeds. */
    public String principal() {
        String name = user;
        return name == null ? null : "User:" + name;
    }

    /**
     * Why a request named {@code apiName} of {@code kind} may not be served now, or null when it may.
     * A listener answers a refused request with its protocol's "illegal SASL state" error and
     * closes the connection.
     */
    public String refusal(String apiName, RequestKind kind) {
        State now = state;
        boolean admitted = switch (now) {
            case HANDSHAKE -> kind == RequestKind.API_VERSIONS || kind == RequestKind.HANDSHAKE;
            case AUTHENTICATE -> kind == RequestKind.AUTHENTICATE;
            case AUTHENTICATED -> kind != RequestKind.HANDSHAKE && kind != RequestKind.AUTHENTICATE;
            case FAILED -> false;
        };
        if (admitted) {
            return null;
        }
        return apiName + " is not allowed " + switch (now) {
            case AUTHENTICATED -> "after authentication";
            case FAILED -> "after a failed authentication";
            case AUTHENTICATE -> "while SASL authentication is in progress";
            case HANDSHAKE -> "before SASL authentication: this listener requires clients to authenticate with "
                    + String.join(", ", mechanisms) + " (SaslHandshake, then SaslAuthenticate)";
        };
    }

    /**
     * The handshake: starts authentication with {@code mechanism}. Returns false, and fails the
     * connection, when the listener does not enable it.
     */
    public boolean start(String mechanism) {
        if (state != State.HANDSHAKE) {
            throw new IllegalStateException("a SASL handshake in state " + state);
        }
        if (mechanism == null || !mechanisms.contains(mechanism)) {
            state = State.FAILED;
            log.warn("refused SASL mechanism '{}' from {} on the {} listener, which enables {}", mechanism, clientHost,
                    listener, mechanisms);
            return false;
        }
        try {
            server = newServer(mechanism);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks what " + mechanism + " needs", e);
        }
        state = State.AUTHENTICATE;
        return true;
    }

    /** The message the client receives when {@link #start} refused its mechanism. */
    public String unsupportedMechanismMessage(String mechanism) {
        return "the SASL mechanism '" + mechanism + "' is not enabled on this listener; it enables "
                + String.join(", ", mechanisms);
    }

    /** One message of the client's; on success of the last one the connection is authenticated. */
    public Step evaluate(byte[] response) {
        if (state != State.AUTHENTICATE) {
            throw new IllegalStateException("a SASL message in state " + state);
        }
        SaslServer current = server;
        try {
            byte[] challenge = current.evaluateResponse(response);
            if (current.isComplete()) {
                user = current.getAuthorizationID();
                state = State.AUTHENTICATED;
                log.info("{} authenticated as '{}' with {} on the {} listener", clientHost, user,
                        current.getMechanismName(), listener);
            }
            return new Step(challenge == null ? new byte[0] : challenge, null);
        } catch (SaslAuthenticationException | SaslException e) {
            state = State.FAILED;
            String name = attemptedUser;
            log.warn("SASL {} authentication of user '{}' from {} on the {} listener failed: {}",
                    current.getMechanismName(), name == null ? "(not named)" : name, clientHost, listener,
                    e.getMessage());
            // Kafka's message: it tells the client nothing about which part was wrong.
            return new Step(new byte[0], "Authentication failed during authentication due to invalid credentials "
                    + "with SASL mechanism " + current.getMechanismName());
        }
    }

    private SaslServer newServer(String mechanism) throws NoSuchAlgorithmException {
        if (mechanism.equals("PLAIN")) {
            return new PlainSaslServer(this::handle);
        }
        return new ScramSaslServer(ScramMechanism.forMechanismName(mechanism), Map.of(), this::handle);
    }

    /** The mechanisms' questions: the user's name (remembered for the log), and its password or credential. */
    private void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String name = null;
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback nameCallback) {
                name = nameCallback.getDefaultName();
                attemptedUser = name;
            } else if (callback instanceof PlainAuthenticateCallback plain) {
                plain.authenticated(name != null && credentials.verifyPassword(name, plain.password()));
            } else if (callback instanceof ScramCredentialCallback credential) {
                credential.scramCredential(name == null ? null
                        : credentials.credential(name, ScramMechanism.forMechanismName(server.getMechanismName())));
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
