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
import dev.brook.client.consumer.OffsetAndMetadata;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.AuthenticationException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.GroupAuthorizationException;
import dev.brook.protocol.errors.TopicAuthorizationException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ApiVersionsRequest;
import dev.brook.protocol.wire.ApiVersionsResponse;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.SaslAuthBytes;
import dev.brook.protocol.wire.SaslHandshakeRequest;
import dev.brook.protocol.wire.SaslHandshakeResponse;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import dev.brook.server.testing.LogCapture;
import dev.brook.server.testing.NativeClient;
import dev.brook.server.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL and ACLs on Brook's own listener, with Brook's client: SCRAM over TLS end to end, PLAIN,
 * a wrong password and a missing ACL refused with typed errors, logged and shown no data, a request
 * before authentication refused, and one user file serving both listeners.
 */
class BrookSaslIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private void addUsers(String... users) throws Exception {
        CredentialStore store = new CredentialStore(dir.resolve("data"));
        for (String user : users) {
            store.addUser(user, user + "-secret", List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512),
                    4096);
        }
    }

    private void allow(String principal, String type, String name, AclStore.Operation operation) throws Exception {
        new AclStore(dir.resolve("data")).add(new AclStore.Rule(principal, AclStore.ResourceType.valueOf(type), name,
                operation));
    }

    /** TLS and SCRAM/PLAIN on both listeners' users, ACLs on, admin a super user. */
    private ServerConfig secureServer(TestCertificates certs) {
        ServerConfig.Builder builder = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("sasl.enabled.mechanisms", "SCRAM-SHA-512,SCRAM-SHA-256,PLAIN")
                .security("kafka.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .authorizerEnabled(true).superUsers("User:admin");
        if (certs != null) {
            builder.security("ssl.enabled", "true")
                    .security("ssl.keystore.location", certs.keystore().toString())
                    .security("ssl.keystore.password", certs.password());
        }
        return builder.build();
    }

    private static ClientSecurity tls(TestCertificates certs) {
        return ClientSecurity.PLAINTEXT.with("security.protocol", "SSL")
                .with("ssl.truststore.location", certs.truststore().toString())
                .with("ssl.truststore.password", certs.password());
    }

    private static Admin admin(BrookServer server, ClientSecurity security) {
        return Admin.create(AdminConfig.builder().bootstrapServer("127.0.0.1:" + server.port()).security(security)
                .defaultApiTimeoutMs(10_000).build());
    }

    private static Producer<String, String> producer(BrookServer server, ClientSecurity security) {
        return new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port()).security(security).maxBlockMs(10_000)
                .deliveryTimeoutMs(10_000).requestTimeoutMs(5_000).lingerMs(0).build());
    }

    private static Consumer<String, String> consumer(BrookServer server, ClientSecurity security, String group) {
        ConsumerConfig.Builder<String, String> builder = ConsumerConfig.builder(Serdes.stringDeserializer(),
                Serdes.stringDeserializer()).bootstrapServer("127.0.0.1:" + server.port()).security(security)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).defaultApiTimeoutMs(10_000);
        if (group != null) {
            builder.groupId(group).enableAutoCommit(false);
        }
        return Consumer.create(builder.build());
    }

    private static List<String> pollValues(Consumer<String, String> consumer, int expected) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (values.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return values;
    }

    /** Polls for up to 10 seconds, checking that nothing is returned, until a poll throws; returns what it threw. */
    private static Throwable pollUntilRefused(Consumer<String, String> consumer) {
        return catchThrowable(() -> {
            for (int i = 0; i < 50; i++) {
                assertThat(consumer.poll(Duration.ofMillis(200)).count()).isZero();
            }
        });
    }

    @Test
    void theRightUserProducesConsumesAndCommitsOverTlsWithScramAndTheSameUserWorksOnTheKafkaListener()
            throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        addUsers("alice", "admin");
        allow("User:alice", "TOPIC", "orders", AclStore.Operation.WRITE);
        allow("User:alice", "TOPIC", "orders", AclStore.Operation.READ);
        allow("User:alice", "GROUP", "billing", AclStore.Operation.READ);
        try (BrookServer server = BrookServer.start(secureServer(certs))) {
            try (Admin admin = admin(server, tls(certs).withSasl("SCRAM-SHA-512", "admin", "admin-secret"))) {
                admin.createTopic(NewTopic.of("orders", 1)).get(30, TimeUnit.SECONDS);
            }
            ClientSecurity alice = tls(certs).withSasl("SCRAM-SHA-512", "alice", "alice-secret");
            assertThat(alice.protocol()).isEqualTo("SASL_SSL");
            try (Producer<String, String> producer = producer(server, alice)) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("orders", "k" + i, "order-" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            TopicPartition orders = new TopicPartition("orders", 0);
            try (Consumer<String, String> consumer = consumer(server, alice, "billing")) {
                consumer.subscribe(List.of("orders"));
                assertThat(pollValues(consumer, 3)).containsExactly("order-0", "order-1", "order-2");
                consumer.commitSync(Map.of(orders, new OffsetAndMetadata(3, null)));
                assertThat(consumer.committed(Set.of(orders)).get(orders).offset()).isEqualTo(3);
            }
            // The same user, from the same users file, on the Kafka listener with kafka-clients.
            Properties kafka = KafkaSaslIntegrationTest.sasl("SASL_PLAINTEXT", "SCRAM-SHA-512", "alice",
                    "alice-secret");
            kafka.put("bootstrap.servers", server.kafkaBootstrapServers());
            kafka.put("group.id", "billing");
            kafka.put("auto.offset.reset", "earliest");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("orders", 0)));
                consumer.seekToBeginning(consumer.assignment());
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (values.size() < 3 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("order-0", "order-1", "order-2");
            }
            kafka.remove("group.id");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("orders", "k", "from kafka"))
                        .get(30, TimeUnit.SECONDS);
            }
            assertThat(server.broker().logEndOffset("orders", 0)).isEqualTo(4);
        }
    }

    @Test
    void plainAndScramSha256WorkWithoutTls() throws Exception {
        addUsers("bob");
        allow("User:bob", "TOPIC", "*", AclStore.Operation.ALL);
        allow("User:bob", "CLUSTER", "kafka-cluster", AclStore.Operation.CREATE);
        try (BrookServer server = BrookServer.start(secureServer(null))) {
            for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256")) {
                ClientSecurity bob = ClientSecurity.PLAINTEXT.with("security.protocol", "SASL_PLAINTEXT")
                        .with("sasl.mechanism", mechanism)
                        .with("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                + "username=\"bob\" password=\"bob-secret\";");
                String topic = "t-" + mechanism.toLowerCase();
                try (Admin admin = admin(server, bob)) {
                    admin.createTopic(NewTopic.of(topic, 1)).get(30, TimeUnit.SECONDS);
                }
                try (Producer<String, String> producer = producer(server, bob)) {
                    producer.send(new ProducerRecord<>(topic, "k", "hello " + mechanism)).get(30, TimeUnit.SECONDS);
                }
                try (Consumer<String, String> consumer = consumer(server, bob, null)) {
                    consumer.assign(List.of(new TopicPartition(topic, 0)));
                    assertThat(pollValues(consumer, 1)).containsExactly("hello " + mechanism);
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithAnAuthenticationErrorLoggedAndRevealsNoData() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        addUsers("alice", "admin");
        try (BrookServer server = BrookServer.start(secureServer(certs));
                LogCapture logs = new LogCapture("dev.brook.server.security")) {
            try (Admin admin = admin(server, tls(certs).withSasl("PLAIN", "admin", "admin-secret"));
                    Producer<String, String> producer = producer(server, tls(certs).withSasl("SCRAM-SHA-512", "admin",
                            "admin-secret"))) {
                admin.createTopic(NewTopic.of("orders", 1)).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("orders", "k", "confidential")).get(30, TimeUnit.SECONDS);
            }
            for (String mechanism : List.of("SCRAM-SHA-512", "PLAIN")) {
                ClientSecurity wrong = tls(certs).withSasl(mechanism, "alice", "wrong-password");
                try (Producer<String, String> producer = producer(server, wrong)) {
                    Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>("orders", "k", "nope"))
                            .get(30, TimeUnit.SECONDS));
                    assertThat(failure).hasRootCauseInstanceOf(AuthenticationException.class)
                            .hasStackTraceContaining("SASL " + mechanism + " authentication of user 'alice'")
                            .hasStackTraceContaining("invalid credentials");
                }
                long started = System.nanoTime();
                try (Consumer<String, String> consumer = consumer(server, wrong, null)) {
                    consumer.assign(List.of(new TopicPartition("orders", 0)));
                    Throwable failure = catchThrowable(() -> consumer.poll(Duration.ofSeconds(10)));
                    assertThat(failure).isInstanceOf(AuthenticationException.class);
                    assertThat(((AuthenticationException) failure).errorCode())
                            .isEqualTo(ErrorCode.SASL_AUTHENTICATION_FAILED);
                }
                // Refused at once, not retried until a timeout.
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            }
            try (Admin mallory = admin(server, tls(certs).withSasl("SCRAM-SHA-256", "mallory", "alice-secret"))) {
                assertThat(catchThrowable(() -> mallory.listTopics().get(30, TimeUnit.SECONDS)))
                        .hasRootCauseInstanceOf(AuthenticationException.class);
            }
            // A client without TLS on the TLS port gets nowhere either.
            try (Admin plaintext = admin(server, ClientSecurity.PLAINTEXT.withSasl("SCRAM-SHA-512", "alice",
                    "alice-secret"))) {
                assertThat(catchThrowable(() -> plaintext.listTopics().get(30, TimeUnit.SECONDS))).isNotNull();
            }
            assertThat(server.broker().logEndOffset("orders", 0)).isEqualTo(1);
            List<String> failures = logs.messages().stream().filter(m -> m.contains("authentication of user")).toList();
            assertThat(failures)
                    .anyMatch(m -> m.contains("SCRAM-SHA-512") && m.contains("'alice'") && m.contains("/127.0.0.1")
                            && m.contains("brook listener"))
                    .anyMatch(m -> m.contains("PLAIN") && m.contains("'alice'"))
                    .anyMatch(m -> m.contains("'mallory'"))
                    .noneMatch(m -> m.contains("wrong-password") || m.contains("alice-secret"));
        }
    }

    @Test
    void aMissingAclIsRefusedNamingTheTopicAndTheGroupAndLogged() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        addUsers("alice", "admin");
        allow("User:alice", "TOPIC", "orders", AclStore.Operation.READ);
        allow("User:alice", "TOPIC", "orders", AclStore.Operation.WRITE);
        allow("User:alice", "GROUP", "billing", AclStore.Operation.READ);
        // alice may see that 'secret' exists, but not read or write it; 'hidden' she may not even see.
        allow("User:alice", "TOPIC", "secret", AclStore.Operation.DESCRIBE);
        try (BrookServer server = BrookServer.start(secureServer(certs));
                LogCapture logs = new LogCapture("dev.brook.server.security")) {
            try (Admin admin = admin(server, tls(certs).withSasl("SCRAM-SHA-512", "admin", "admin-secret"));
                    Producer<String, String> producer = producer(server, tls(certs).withSasl("SCRAM-SHA-512", "admin",
                            "admin-secret"))) {
                admin.createTopic(NewTopic.of("orders", 1)).get(30, TimeUnit.SECONDS);
                admin.createTopic(NewTopic.of("secret", 1)).get(30, TimeUnit.SECONDS);
                admin.createTopic(NewTopic.of("hidden", 1)).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("secret", "k", "classified")).get(30, TimeUnit.SECONDS);
            }
            ClientSecurity alice = tls(certs).withSasl("SCRAM-SHA-512", "alice", "alice-secret");
            try (Producer<String, String> producer = producer(server, alice)) {
                producer.send(new ProducerRecord<>("orders", "k", "an order")).get(30, TimeUnit.SECONDS);
                Throwable refused = catchThrowable(() -> producer.send(new ProducerRecord<>("secret", "k", "nope"))
                        .get(30, TimeUnit.SECONDS));
                assertThat(refused).hasRootCauseInstanceOf(TopicAuthorizationException.class)
                        .hasStackTraceContaining("User:alice may not").hasStackTraceContaining("'secret'");
            }
            assertThat(server.broker().logEndOffset("secret", 0)).isEqualTo(1);
            try (Consumer<String, String> consumer = consumer(server, alice, null)) {
                consumer.assign(List.of(new TopicPartition("secret", 0)));
                Throwable refused = pollUntilRefused(consumer);
                assertThat(refused).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("'secret'");
            }
            try (Admin admin = admin(server, alice)) {
                assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).contains("orders", "secret")
                        .doesNotContain("hidden");
                assertThat(catchThrowable(() -> admin.describeTopics(List.of("hidden")).get(30, TimeUnit.SECONDS)))
                        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
                assertThat(catchThrowable(() -> admin.deleteTopic("orders").get(30, TimeUnit.SECONDS)))
                        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
                assertThat(catchThrowable(() -> admin.listGroupOffsets("other").get(30, TimeUnit.SECONDS)))
                        .hasRootCauseInstanceOf(GroupAuthorizationException.class);
            }
            try (Consumer<String, String> consumer = consumer(server, alice, "other")) {
                consumer.subscribe(List.of("orders"));
                Throwable refused = pollUntilRefused(consumer);
                assertThat(refused).isInstanceOf(GroupAuthorizationException.class).hasMessageContaining("'other'");
                Throwable commit = catchThrowable(() -> consumer.commitSync(Map.of(new TopicPartition("orders", 0),
                        new OffsetAndMetadata(1, null))));
                assertThat(commit).isInstanceOf(GroupAuthorizationException.class).hasMessageContaining("'other'");
            }
            assertThat(server.broker().topicExists("orders")).isTrue();
            assertThat(logs.messages())
                    .anyMatch(m -> m.contains("denied WRITE on TOPIC 'secret' to User:alice from /127.0.0.1"))
                    .anyMatch(m -> m.contains("denied READ on TOPIC 'secret' to User:alice"))
                    .anyMatch(m -> m.contains("denied DELETE on TOPIC 'orders' to User:alice"))
                    .anyMatch(m -> m.contains("denied DESCRIBE on TOPIC 'hidden' to User:alice"))
                    .anyMatch(m -> m.contains("on GROUP 'other' to User:alice"));
        }
    }

    @Test
    void aRequestBeforeAuthenticationIsRefusedAndTheConnectionClosed() throws Exception {
        addUsers("alice");
        try (BrookServer server = BrookServer.start(secureServer(null));
                LogCapture logs = new LogCapture("dev.brook.server.network")) {
            try (NativeClient raw = NativeClient.connect(server.port())) {
                ApiVersionsResponse versions = raw.call(ApiKey.API_VERSIONS, new ApiVersionsRequest(),
                        ApiVersionsResponse::read);
                assertThat(versions.apis()).extracting(ApiVersionsResponse.ApiVersion::apiKey)
                        .contains(ApiKey.SASL_HANDSHAKE.id(), ApiKey.SASL_AUTHENTICATE.id());
                NativeClient.Received refused = raw.call(ApiKey.METADATA, new MetadataRequest(null));
                assertThat(refused.header().errorCode()).isEqualTo(ErrorCode.ILLEGAL_SASL_STATE);
                assertThat(refused.header().errorMessage()).contains("Metadata is not allowed before SASL authentication");
                assertThat(raw.closedByBroker()).isTrue();
            }
            try (NativeClient raw = NativeClient.connect(server.port())) {
                NativeClient.Received refused = raw.call(ApiKey.SASL_HANDSHAKE, new SaslHandshakeRequest("GSSAPI"));
                assertThat(refused.header().errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_SASL_MECHANISM);
                assertThat(refused.header().errorMessage()).contains("SCRAM-SHA-512, SCRAM-SHA-256, PLAIN");
                assertThat(raw.closedByBroker()).isTrue();
            }
            try (NativeClient raw = NativeClient.connect(server.port())) {
                assertThat(raw.call(ApiKey.SASL_HANDSHAKE, new SaslHandshakeRequest("PLAIN"),
                        SaslHandshakeResponse::read).mechanisms()).contains("PLAIN");
                NativeClient.Received refused = raw.call(ApiKey.SASL_AUTHENTICATE, new SaslAuthBytes(
                        "\0alice\0guess".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(refused.header().errorCode()).isEqualTo(ErrorCode.SASL_AUTHENTICATION_FAILED);
                assertThat(refused.header().errorMessage()).contains("invalid credentials").doesNotContain("guess");
                assertThat(raw.closedByBroker()).isTrue();
            }
            // Brook's client without SASL learns why at once.
            try (Admin anonymous = admin(server, ClientSecurity.PLAINTEXT)) {
                Throwable failure = catchThrowable(() -> anonymous.listTopics().get(30, TimeUnit.SECONDS));
                assertThat(failure).hasRootCauseInstanceOf(AuthenticationException.class)
                        .hasStackTraceContaining("requires clients to authenticate");
            }
            assertThat(logs.messages()).anyMatch(m -> m.contains("Metadata is not allowed before SASL authentication"));
        }
        // And a client with SASL on a listener without it, likewise.
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("plain"))
                .kafkaEnabled(false).build());
                Admin admin = admin(server, ClientSecurity.PLAINTEXT.withSasl("PLAIN", "alice", "alice-secret"))) {
            assertThat(catchThrowable(() -> admin.listTopics().get(30, TimeUnit.SECONDS)))
                    .hasRootCauseInstanceOf(AuthenticationException.class)
                    .hasStackTraceContaining("does not authenticate clients");
        }
    }

    @Test
    void aFrameOverHalfAMebibyteBeforeAuthenticationClosesTheConnectionOnBothListeners() throws Exception {
        addUsers("bob");
        allow("User:bob", "TOPIC", "*", AclStore.Operation.ALL);
        allow("User:bob", "CLUSTER", "kafka-cluster", AclStore.Operation.CREATE);
        int size = SaslAuthenticator.MAX_UNAUTHENTICATED_FRAME_BYTES + 1;
        try (BrookServer server = BrookServer.start(secureServer(null));
                LogCapture logs = new LogCapture("dev.brook.server.network")) {
            for (int port : List.of(server.port(), server.kafkaPort())) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    socket.setSoTimeout((int) WAIT.toMillis());
                    java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
                    out.writeInt(size);
                    out.write(new byte[1024]);
                    out.flush();
                    assertThat(socket.getInputStream().read()).as("port %d closes the connection", port).isEqualTo(-1);
                }
            }
            assertThat(logs.messages()).anyMatch(m -> m.contains("before it has authenticated"));

            // Once authenticated, frames up to socket.request.max.bytes are fine again.
            ClientSecurity bob = ClientSecurity.PLAINTEXT.withSasl("PLAIN", "bob", "bob-secret");
            try (Admin admin = admin(server, bob)) {
                admin.createTopic(NewTopic.of("big", 1)).get(30, TimeUnit.SECONDS);
            }
            try (Producer<String, String> producer = producer(server, bob)) {
                producer.send(new ProducerRecord<>("big", "k", "x".repeat(size))).get(30, TimeUnit.SECONDS);
            }
            assertThat(server.broker().logEndOffset("big", 0)).isEqualTo(1);
        }
    }

    /** What one run of {@code bin/brook} printed and its exit code. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run brook(String stdin, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        java.io.InputStream originalIn = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            int code = dev.brook.server.cli.BrookCommand.execute(new java.io.PrintWriter(out),
                    new java.io.PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(originalIn);
        }
    }

    @Test
    void theCommandLineToolsAuthenticateWithACommandConfigFile() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        addUsers("admin");
        try (BrookServer server = BrookServer.start(secureServer(certs))) {
            String bootstrap = "127.0.0.1:" + server.port();
            Path config = dir.resolve("admin.properties");
            java.nio.file.Files.writeString(config, String.join("\n",
                    "security.protocol=SASL_SSL",
                    "ssl.truststore.location=" + certs.truststore(),
                    "ssl.truststore.password=" + certs.password(),
                    "sasl.mechanism=SCRAM-SHA-256",
                    "sasl.username=admin",
                    "sasl.password=admin-secret"));
            Run created = brook("", "topics", "--bootstrap-server", bootstrap, "--command-config", config.toString(),
                    "--create", "--topic", "cli", "--partitions", "1");
            assertThat(created.exitCode()).as(created.err()).isZero();
            Run produced = brook("one\ntwo\n", "console-producer", "--bootstrap-server", bootstrap,
                    "--command-config", config.toString(), "--topic", "cli");
            assertThat(produced.exitCode()).as(produced.err()).isZero();
            Run consumed = brook("", "console-consumer", "--bootstrap-server", bootstrap, "--command-config",
                    config.toString(), "--topic", "cli", "--from-beginning", "--max-messages", "2",
                    "--timeout-ms", "20000");
            assertThat(consumed.exitCode()).as(consumed.err()).isZero();
            assertThat(consumed.out()).contains("one", "two");

            Path wrong = dir.resolve("wrong.properties");
            java.nio.file.Files.writeString(wrong, java.nio.file.Files.readString(config)
                    .replace("admin-secret", "guess"));
            Run refused = brook("", "topics", "--bootstrap-server", bootstrap, "--command-config", wrong.toString(),
                    "--list");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("authentication of user 'admin'").doesNotContain("guess");

            Path bad = dir.resolve("bad.properties");
            java.nio.file.Files.writeString(bad, "acks=all\n");
            Run unknown = brook("", "topics", "--bootstrap-server", bootstrap, "--command-config", bad.toString(),
                    "--list");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("'acks' is not a security setting");
        }
    }
}
