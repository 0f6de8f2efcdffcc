package dev.brook.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.client.ClientSecurity;
import dev.brook.protocol.errors.AuthenticationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Brook's SCRAM and PLAIN client messages, checked against kafka-clients' own SASL servers. */
class ClientSaslTest {
    private static ClientSasl.Exchange exchange(String mechanism, String password) {
        return ClientSasl.of(ClientSecurity.PLAINTEXT.withSasl(mechanism, "al,i=ce", password)).start();
    }

    private static SaslServer scramServer(ScramMechanism mechanism, ScramCredential credential) throws Exception {
        return new ScramSaslServer(mechanism, Map.of(), callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof ScramCredentialCallback scram) {
                    scram.scramCredential(credential);
                } else if (!(callback instanceof NameCallback)) {
                    throw new IllegalStateException(callback.toString());
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void scramCompletesAgainstKafkasServerAndChecksItsSignature(String name) throws Exception {
        ScramMechanism mechanism = ScramMechanism.forMechanismName(name);
        SaslServer server = scramServer(mechanism, new ScramFormatter(mechanism).generateCredential("pässword", 4096));
        ClientSasl.Exchange client = exchange(name, "pässword");

        byte[] serverFirst = server.evaluateResponse(client.first());
        byte[] serverFinal = server.evaluateResponse(client.next(serverFirst));

        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("al,i=ce");
        assertThat(client.next(serverFinal)).isNull();
    }

    @Test
    void aWrongPasswordFailsAtTheServer() throws Exception {
        ScramMechanism mechanism = ScramMechanism.SCRAM_SHA_512;
        SaslServer server = scramServer(mechanism, new ScramFormatter(mechanism).generateCredential("right", 4096));
        ClientSasl.Exchange client = exchange("SCRAM-SHA-512", "wrong");

        byte[] serverFirst = server.evaluateResponse(client.first());
        assertThatThrownBy(() -> server.evaluateResponse(client.next(serverFirst)))
                .hasMessageContaining("Invalid client credentials");
    }

    @Test
    void aBrokerWithoutTheCredentialIsNotTrusted() throws Exception {
        ClientSasl.Exchange client = exchange("SCRAM-SHA-256", "secret");
        String clientFirst = new String(client.first(), StandardCharsets.UTF_8);
        String nonce = clientFirst.substring(clientFirst.indexOf(",r=") + 3);
        client.next(("r=" + nonce + "xyz,s=c2FsdA==,i=4096").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> client.next("v=AAAA".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("signature is wrong");
    }

    @Test
    void plainSendsTheUserAndPasswordOnce() {
        ClientSasl.Exchange client = exchange("PLAIN", "secret");

        assertThat(new String(client.first(), StandardCharsets.UTF_8)).isEqualTo("\0al,i=ce\0secret");
        assertThat(client.next(new byte[0])).isNull();
    }
}
