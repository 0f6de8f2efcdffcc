package dev.brook.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brook.client.ClientSecurity;
import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.NewTopic;
import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import dev.brook.server.BrookServer;
import dev.brook.server.testing.LogCapture;
import dev.brook.server.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brook's own listener over TLS, with Brook's client. */
class BrookTlsIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void brookClientsProduceAndConsumeOverTls() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        try (BrookServer server = BrookServer.start(certs.tlsOnlyServer(dir.resolve("data")))) {
            ClientSecurity tls = ClientSecurity.PLAINTEXT.with("security.protocol", "SSL")
                    .with("ssl.truststore.location", certs.truststore().toString())
                    .with("ssl.truststore.password", certs.password());
            String bootstrap = "127.0.0.1:" + server.port();
            try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap).security(tls).build())) {
                admin.createTopic(NewTopic.of("secure", 1)).get(30, TimeUnit.SECONDS);
            }
            ProducerConfig<String, String> producerConfig = ProducerConfig.builder(Serdes.stringSerializer(),
                    Serdes.stringSerializer()).bootstrapServer(bootstrap)
                    .set("security.protocol", "SSL")
                    .set("ssl.truststore.location", certs.truststore().toString())
                    .set("ssl.truststore.password", certs.password())
                    .build();
            try (Producer<String, String> producer = new Producer<>(producerConfig)) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("secure", "k" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                    Serdes.stringDeserializer()).bootstrapServer(bootstrap).security(tls)
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
                consumer.assign(List.of(new TopicPartition("secure", 0)));
                List<String> values = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 30_000;
                while (values.size() < 3 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        values.add(record.value());
                    }
                }
                assertThat(values).containsExactly("value-0", "value-1", "value-2");
            }
        }
    }

    @Test
    void aPlaintextBrookClientOnTheTlsPortFailsAndIsLoggedOnce() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        try (BrookServer server = BrookServer.start(certs.tlsOnlyServer(dir.resolve("data")));
                LogCapture logs = new LogCapture("dev.brook.server.network")) {
            try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer("127.0.0.1:" + server.port())
                    .defaultApiTimeoutMs(3000).requestTimeoutMs(2000).build())) {
                assertThat(catchThrowable(() -> admin.createTopic(NewTopic.of("nope", 1)).get(10, TimeUnit.SECONDS)))
                        .isNotNull();
            }
            assertThat(server.broker().listTopics()).doesNotContain("nope");
            assertThat(logs.messages()).anyMatch(m -> m.contains("TLS"));
        }
    }

    @Test
    void aClientThatDoesNotTrustTheBrokerCertificateCannotConnect() throws Exception {
        TestCertificates broker = TestCertificates.create(dir, "broker");
        TestCertificates other = TestCertificates.create(dir, "other");
        try (BrookServer server = BrookServer.start(broker.tlsOnlyServer(dir.resolve("data")))) {
            ClientSecurity wrongTrust = ClientSecurity.PLAINTEXT.with("security.protocol", "SSL")
                    .with("ssl.truststore.location", other.truststore().toString())
                    .with("ssl.truststore.password", other.password());
            try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer("127.0.0.1:" + server.port())
                    .security(wrongTrust).defaultApiTimeoutMs(3000).build())) {
                Throwable failure = catchThrowable(() -> admin.createTopic(NewTopic.of("nope", 1))
                        .get(10, TimeUnit.SECONDS));
                assertThat(failure).hasStackTraceContaining("TLS handshake");
            }
        }
    }
}
