package dev.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.client.internal.ClientSasl;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSecurityTest {
    @Test
    void theDefaultIsPlaintextWithoutAuthentication() {
        assertThat(ClientSecurity.PLAINTEXT.protocol()).isEqualTo("PLAINTEXT");
        assertThat(ClientSecurity.PLAINTEXT.sasl()).isFalse();
        assertThat(ClientSecurity.PLAINTEXT.saslMechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(ClientSasl.of(ClientSecurity.PLAINTEXT)).isNull();
    }

    @Test
    void saslSettingsAreReadByKafkasNames() {
        ClientSecurity security = ClientSecurity.from(Map.of("security.protocol", "sasl_ssl",
                "sasl.mechanism", "scram-sha-256", "sasl.username", "alice", "sasl.password", "s3cret",
                "acks", "all"));

        assertThat(security.protocol()).isEqualTo("SASL_SSL");
        assertThat(security.tls()).isTrue();
        assertThat(security.saslMechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(security.saslUsername()).isEqualTo("alice");
        assertThat(security.saslPassword()).isEqualTo("s3cret");
        assertThat(ClientSasl.of(security).mechanism()).isEqualTo("SCRAM-SHA-256");
    }

    @Test
    void theUserCanComeFromAKafkaJaasConfig() {
        ClientSecurity security = ClientSecurity.PLAINTEXT.with("security.protocol", "SASL_PLAINTEXT")
                .with("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"alice\" password=\"pa\\\"ss\";");

        assertThat(security.saslUsername()).isEqualTo("alice");
        assertThat(security.saslPassword()).isEqualTo("pa\"ss");
    }

    @Test
    void withSaslKeepsTlsAndSwitchesTheProtocol() {
        assertThat(ClientSecurity.PLAINTEXT.with("security.protocol", "SSL").withSasl("PLAIN", "a", "b").protocol())
                .isEqualTo("SASL_SSL");
        assertThat(ClientSecurity.PLAINTEXT.withSasl("PLAIN", "a", "b").protocol()).isEqualTo("SASL_PLAINTEXT");
    }

    @Test
    void incompleteOrUnknownSettingsAreRefusedByName() {
        ClientSecurity noUser = ClientSecurity.PLAINTEXT.with("security.protocol", "SASL_SSL");
        assertThatThrownBy(noUser::validate).hasMessageContaining("sasl.username");
        assertThatThrownBy(() -> ClientSasl.of(noUser.with("sasl.username", "alice")))
                .hasMessageContaining("sasl.password");
        assertThatThrownBy(() -> ClientSecurity.PLAINTEXT.with("sasl.mechanism", "GSSAPI"))
                .hasMessageContaining("sasl.mechanism");
        assertThatThrownBy(() -> ClientSecurity.PLAINTEXT.with("security.protocol", "SASL"))
                .hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> ClientSecurity.PLAINTEXT.with("sasl.kerberos.service.name", "kafka"))
                .hasMessageContaining("unknown security setting");
    }

    @Test
    void toStringNeverShowsAPassword() {
        ClientSecurity security = ClientSecurity.PLAINTEXT.with("ssl.truststore.password", "trust-pw")
                .withSasl("SCRAM-SHA-512", "alice", "user-pw");

        assertThat(security.toString()).contains("SASL_PLAINTEXT", "alice").doesNotContain("trust-pw", "user-pw");
    }
}
