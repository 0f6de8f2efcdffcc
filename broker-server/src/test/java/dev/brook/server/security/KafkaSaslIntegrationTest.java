package dev.brook.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import dev.brook.server.testing.LogCapture;
import dev.brook.server.testing.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SASL on the Kafka listener, with kafka-clients: SCRAM over TLS, PLAIN, and wrong passwords refused. */
class KafkaSaslIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void scramSha512OverTlsProducesAndConsumes() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        addUser("alice", "alice-secret");
        try (BrookServer server = BrookServer.start(saslServer(certs, "SCRAM-SHA-512"))) {
            Properties client = KafkaTlsIntegrationTest.sslClient(certs);
            client.putAll(sasl("SASL_SSL", "SCRAM-SHA-512", "alice", "alice-secret"));
            KafkaTlsIntegrationTest.produceAndConsume(server, client, "scram-topic");
        }
    }

    @Test
    void scramSha256AndPlainWorkWithoutTls() throws Exception {
        addUser("bob", "bob-secret");
        try (BrookServer server = BrookServer.start(saslServer(null, "PLAIN,SCRAM-SHA-256"))) {
            KafkaTlsIntegrationTest.produceAndConsume(server, sasl("SASL_PLAINTEXT", "PLAIN", "bob", "bob-secret"),
                    "plain-topic");
            KafkaTlsIntegrationTest.produceAndConsume(server, sasl("SASL_PLAINTEXT", "SCRAM-SHA-256", "bob",
                    "bob-secret"), "scram256-topic");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndLoggedWithoutThePassword() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        addUser("alice", "alice-secret");
        try (BrookServer server = BrookServer.start(saslServer(certs, "SCRAM-SHA-512,PLAIN"));
                LogCapture logs = new LogCapture("dev.brook.server")) {
            for (String mechanism : List.of("SCRAM-SHA-512", "PLAIN")) {
                Properties client = KafkaTlsIntegrationTest.sslClient(certs);
                client.putAll(sasl("SASL_SSL", mechanism, "alice", "wrong-password"));
                client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
                client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                        new StringSerializer())) {
                    Throwable failure = KafkaTlsIntegrationTest.catchCause(() -> producer
                            .send(new ProducerRecord<>("never", "k", "v")).get(20, TimeUnit.SECONDS));
                    assertThat(failure).isInstanceOf(SaslAuthenticationException.class);
                }
            }
            Properties unknownUser = KafkaTlsIntegrationTest.sslClient(certs);
            unknownUser.putAll(sasl("SASL_SSL", "SCRAM-SHA-512", "mallory", "alice-secret"));
            unknownUser.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
            try (Admin admin = Admin.create(unknownUser)) {
                assertThat(KafkaTlsIntegrationTest.catchCause(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS)))
                        .isInstanceOf(SaslAuthenticationException.class);
            }
            assertThat(server.broker().listTopics()).doesNotContain("never");
            List<String> failures = logs.messages().stream().filter(m -> m.contains("authentication of user")).toList();
            assertThat(failures).anyMatch(m -> m.contains("'alice'") && m.contains("SCRAM-SHA-512") && m.contains("127.0.0.1"))
                    .anyMatch(m -> m.contains("'alice'") && m.contains("PLAIN"))
                    .anyMatch(m -> m.contains("'mallory'"))
                    .noneMatch(m -> m.contains("wrong-password") || m.contains("alice-secret"));
        }
    }

    @Test
    void anUnauthenticatedRequestClosesTheConnection() throws Exception {
        addUser("alice", "alice-secret");
        try (BrookServer server = BrookServer.start(saslServer(null, "SCRAM-SHA-512"))) {
            Properties plaintext = new Properties();
            plaintext.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
            plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
            plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            try (Admin admin = Admin.create(plaintext)) {
                assertThat(KafkaTlsIntegrationTest.catchCause(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)))
                        .isNotNull();
            }
        }
    }

    private void addUser(String name, String password) throws Exception {
        new CredentialStore(dir.resolve("data")).addUser(name, password,
                List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512), 4096);
    }

    private ServerConfig saslServer(TestCertificates certs, String mechanisms) {
        ServerConfig.Builder builder = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("kafka.sasl.enabled.mechanisms", mechanisms);
        if (certs != null) {
            builder.security("kafka.ssl.enabled", "true")
                    .security("kafka.ssl.keystore.location", certs.keystore().toString())
                    .security("kafka.ssl.keystore.password", certs.password());
        }
        return builder.build();
    }

    static Properties sasl(String protocol, String mechanism, String user, String password) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\""
                + password + "\";");
        return props;
    }
}
