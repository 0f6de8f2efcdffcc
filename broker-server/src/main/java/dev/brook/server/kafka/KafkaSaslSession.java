package dev.brook.server.kafka;

import dev.brook.server.security.CredentialStore;
import dev.brook.server.security.SaslAuthenticator;
import dev.brook.server.security.SaslAuthenticator.RequestKind;
import java.util.List;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;

/**
 * One connection's SASL authentication on a Kafka listener that requires it, as Kafka's clients
 * expect it: ApiVersions, then SaslHandshake (v1) naming a mechanism, then SaslAuthenticate
 * requests carrying the mechanism's messages until it completes. The mechanisms and their state
 * are the shared {@link SaslAuthenticator}'s; this class speaks Kafka's requests and errors.
 *
 * <p>Until authentication succeeds only ApiVersions and the two SASL APIs are allowed; anything
 * else closes the connection, as Kafka does. A failed authentication is answered with
 * SASL_AUTHENTICATION_FAILED, and any further request closes the connection.
 *
 * <p>Thread safety: {@link #checkAdmitted} runs on the connection's event loop and the SASL
 * requests on I/O threads, one at a time since a client waits for each answer; the authenticator's
 * state is volatile so the event loop sees what the last SASL request left. A client that does not
 * wait is refused.
 */
final class KafkaSaslSession {
    private final SaslAuthenticator authenticator;

    KafkaSaslSession(List<String> mechanisms, CredentialStore credentials, String clientHost) {
        this.authenticator = new SaslAuthenticator("kafka", mechanisms, credentials, clientHost);
    }

    /**
     * Whether a request of {@code api} may be served now.
     *
     * @throws IllegalSaslStateException when it may not: the connection is then closed
     */
    void checkAdmitted(ApiKeys api) {
        RequestKind kind = api == ApiKeys.API_VERSIONS ? RequestKind.API_VERSIONS
                : api == ApiKeys.SASL_HANDSHAKE ? RequestKind.HANDSHAKE
                : api == ApiKeys.SASL_AUTHENTICATE ? RequestKind.AUTHENTICATE : RequestKind.OTHER;
        String refusal = authenticator.refusal(api.name, kind);
        if (refusal != null) {
            throw new IllegalSaslStateException(refusal);
        }
    }

    /** The authenticated principal ({@code User:NAME}), or null. */
    String principal() {
        return authenticator.principal();
    }

    int maxFrameBytes() {
        return authenticator.maxFrameBytes();
    }

    ApiMessage handshake(SaslHandshakeRequest request) {
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(authenticator.mechanisms());
        return response.setErrorCode(authenticator.start(request.data().mechanism()) ? Errors.NONE.code()
                : Errors.UNSUPPORTED_SASL_MECHANISM.code());
    }

    ApiMessage authenticate(SaslAuthenticateRequest request) {
        SaslAuthenticator.Step step = authenticator.evaluate(request.data().authBytes());
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData().setSessionLifetimeMs(0)
                .setAuthBytes(step.challenge());
        return step.failed()
                ? response.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(step.failure())
                : response.setErrorCode(Errors.NONE.code());
    }
}
