package dev.brook.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import dev.brook.server.testing.LogCapture;
import dev.brook.server.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka listener over TLS: kafka-clients with SSL work, a plaintext client is refused. */
class KafkaTlsIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void kafkaClientsProduceAndConsumeOverTlsWithAKeystore() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("kafka.ssl.enabled", "true")
                .security("kafka.ssl.keystore.location", certs.keystore().toString())
                .security("kafka.ssl.keystore.password", certs.password())
                .build();
        try (BrookServer server = BrookServer.start(config)) {
            produceAndConsume(server, sslClient(certs), "over-tls");
        }
    }

    @Test
    void kafkaClientsProduceAndConsumeOverTlsWithPemFiles() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "pem");
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("kafka.ssl.enabled", "true")
                .security("kafka.ssl.keystore.certificate.chain", certs.certificatePem().toString())
                .security("kafka.ssl.keystore.key", certs.keyPem().toString())
                .build();
        try (BrookServer server = BrookServer.start(config)) {
            produceAndConsume(server, sslClient(certs), "over-pem-tls");
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        TestCertificates broker = TestCertificates.create(dir, "broker");
        TestCertificates client = TestCertificates.create(dir, "client");
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("kafka.ssl.enabled", "true")
                .security("kafka.ssl.keystore.location", broker.keystore().toString())
                .security("kafka.ssl.keystore.password", broker.password())
                .security("kafka.ssl.truststore.location", client.truststore().toString())
                .security("kafka.ssl.truststore.password", client.password())
                .security("kafka.ssl.client.auth", "required")
                .build();
        try (BrookServer server = BrookServer.start(config)) {
            Properties withCertificate = sslClient(broker);
            withCertificate.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, client.keystore().toString());
            withCertificate.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, client.password());
            withCertificate.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            produceAndConsume(server, withCertificate, "mutual");

            Properties withoutCertificate = sslClient(broker);
            withoutCertificate.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
            withoutCertificate.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
            withoutCertificate.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            try (Admin admin = Admin.create(withoutCertificate)) {
                assertThat(catchCause(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)))
                        .isNotNull();
            }
        }
    }

    @Test
    void aPlaintextClientOnTheTlsPortIsDisconnectedWithOneLogLineAndNoData() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("kafka.ssl.enabled", "true")
                .security("kafka.ssl.keystore.location", certs.keystore().toString())
                .security("kafka.ssl.keystore.password", certs.password())
                .build();
        try (BrookServer server = BrookServer.start(config);
                LogCapture logs = new LogCapture("dev.brook.server.network")) {
            produceAndConsume(server, sslClient(certs), "secret-topic");

            // An ApiVersions v0 request in plaintext, as a client that was not told about TLS sends it.
            ByteBuffer request = ByteBuffer.allocate(4 + 10 + 6);
            request.putInt(16).putShort((short) 18).putShort((short) 0).putInt(1).putShort((short) 4)
                    .put("test".getBytes(StandardCharsets.US_ASCII)).flip();
            byte[] answer;
            try (Socket socket = new Socket("127.0.0.1", server.kafkaPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(request.array(), 0, request.limit());
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                in.transferTo(received); // returns once the broker has closed the connection
                answer = received.toByteArray();
            }
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("secret").doesNotContain("value-");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(logs.messages())
                    .filteredOn(m -> m.contains("TLS")).hasSize(1).allMatch(m -> m.contains("127.0.0.1")));

            Properties plaintext = new Properties();
            plaintext.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
            plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
            plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            try (Admin admin = Admin.create(plaintext)) {
                assertThat(catchCause(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))).isNotNull();
            }
        }
    }

    static Properties sslClient(TestCertificates trusted) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trusted.truststore().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, trusted.password());
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        return props;
    }

    /** Produces three records to {@code topic} and reads them back with the same security settings. */
    static void produceAndConsume(BrookServer server, Properties security, String topic) throws Exception {
        Properties producerProps = new Properties();
        producerProps.putAll(security);
        producerProps.put("bootstrap.servers", server.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Properties consumerProps = new Properties();
        consumerProps.putAll(security);
        consumerProps.put("bootstrap.servers", server.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-readers");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < 3 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            assertThat(values).containsExactly("value-0", "value-1", "value-2");
            consumer.commitSync(Duration.ofSeconds(10));
        }
    }

    interface Action {
        void run() throws Exception;
    }

    static Throwable catchCause(Action action) {
        try {
            action.run();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    static Map<String, Object> map(Properties properties) {
        return Map.copyOf((Map) properties);
    }
}
