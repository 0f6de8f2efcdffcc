package dev.brook.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import dev.brook.server.cli.BrookCommand;
import dev.brook.server.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs on the Kafka listener with kafka-clients: rules added with {@code bin/brook acls}, a super
 * user, and a user refused what no rule allows, with Kafka's errors, logged, and shown nothing.
 */
class KafkaAclIntegrationTest {
    @TempDir
    Path dir;

    private int acls(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "acls";
        all[1] = "--data-dir";
        all[2] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        StringWriter out = new StringWriter();
        return BrookCommand.execute(new PrintWriter(out), new PrintWriter(out), all);
    }

    private Properties as(BrookServer server, String user) {
        Properties props = KafkaSaslIntegrationTest.sasl("SASL_PLAINTEXT", "PLAIN", user, user + "-secret");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return props;
    }

    @Test
    void aUserMayDoWhatItsRulesAllowAndIsRefusedTheRest() throws Exception {
        CredentialStore users = new CredentialStore(dir.resolve("data"));
        for (String user : List.of("alice", "admin")) {
            users.addUser(user, user + "-secret", List.of(ScramMechanism.SCRAM_SHA_512), 4096);
        }
        assertThat(acls("--add", "--allow-principal", "User:alice", "--operation", "READ,WRITE", "--topic", "orders"))
                .isZero();
        assertThat(acls("--add", "--allow-principal", "User:alice", "--operation", "READ", "--group", "billing")).isZero();
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("kafka.sasl.enabled.mechanisms", "PLAIN").authorizerEnabled(true).superUsers("User:admin")
                .build();
        try (BrookServer server = BrookServer.start(config); LogCapture logs = new LogCapture("dev.brook.server")) {
            try (Admin admin = Admin.create(as(server, "admin"))) {
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("secret", 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(as(server, "alice"), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("orders", "k", "an order")).get(30, TimeUnit.SECONDS);
                Throwable refused = KafkaTlsIntegrationTest.catchCause(() -> producer
                        .send(new ProducerRecord<>("secret", "k", "nope")).get(30, TimeUnit.SECONDS));
                assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
            }
            assertThat(server.broker().logEndOffset("secret", 0)).isZero();
            try (Admin alice = Admin.create(as(server, "alice"))) {
                assertThat(alice.listTopics().names().get(30, TimeUnit.SECONDS)).contains("orders").doesNotContain("secret");
            }
            Properties billing = as(server, "alice");
            billing.put("group.id", "billing");
            billing.put("auto.offset.reset", "earliest");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(billing, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("orders"));
                List<String> values = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("an order");
            }
            Properties other = as(server, "alice");
            other.put("group.id", "other");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(other, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("orders"));
                Throwable refused = KafkaTlsIntegrationTest.catchCause(() -> consumer.poll(Duration.ofSeconds(10)));
                assertThat(refused).isInstanceOf(GroupAuthorizationException.class);
            }
            assertThat(logs.messages()).anyMatch(m -> m.contains("denied DESCRIBE on TOPIC 'secret' to User:alice"))
                    .anyMatch(m -> m.contains("on GROUP 'other' to User:alice"));
        }
    }

    @Test
    void rulesAreListedAndRemoved() {
        assertThat(acls("--add", "--allow-principal", "User:bob", "--operation", "DESCRIBE", "--topic", "*")).isZero();
        StringWriter out = new StringWriter();
        BrookCommand.execute(new PrintWriter(out), new PrintWriter(out), "acls", "--data-dir",
                dir.resolve("data").toString(), "--list");
        assertThat(out.toString()).contains("User:bob\tTOPIC\t*\tDESCRIBE");
        assertThat(acls("--remove", "--allow-principal", "User:bob", "--operation", "DESCRIBE", "--topic", "*")).isZero();
        assertThat(new AclStore(dir.resolve("data")).rules()).isEmpty();
    }

    @Test
    void theKafkaAdminAclApisManageTheSameRules() throws Exception {
        CredentialStore users = new CredentialStore(dir.resolve("data"));
        for (String user : List.of("alice", "admin")) {
            users.addUser(user, user + "-secret", List.of(ScramMechanism.SCRAM_SHA_512), 4096);
        }
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security("kafka.sasl.enabled.mechanisms", "PLAIN").authorizerEnabled(true).superUsers("User:admin")
                .build();
        AclBinding aliceWrites = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (BrookServer server = BrookServer.start(config); LogCapture logs = new LogCapture("dev.brook.server")) {
            try (Admin admin = Admin.create(as(server, "admin"))) {
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                admin.createAcls(List.of(aliceWrites)).all().get(30, TimeUnit.SECONDS);
                assertThat(new AclStore(dir.resolve("data")).rules())
                        .containsExactly(new AclStore.Rule("User:alice", AclStore.ResourceType.TOPIC, "orders",
                                AclStore.Operation.WRITE));
                assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                        .containsExactly(aliceWrites);
                Throwable deny = KafkaTlsIntegrationTest.catchCause(() -> admin.createAcls(List.of(new AclBinding(
                        new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                        new AccessControlEntry("User:bob", "*", AclOperation.READ, AclPermissionType.DENY))))
                        .all().get(30, TimeUnit.SECONDS));
                assertThat(deny).isInstanceOf(InvalidRequestException.class).hasMessageContaining("only allow");
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(as(server, "alice"), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("orders", "k", "allowed")).get(30, TimeUnit.SECONDS);
            }
            try (Admin alice = Admin.create(as(server, "alice"))) {
                assertThat(KafkaTlsIntegrationTest.catchCause(() -> alice.createAcls(List.of(aliceWrites)).all()
                        .get(30, TimeUnit.SECONDS))).isInstanceOf(ClusterAuthorizationException.class);
                assertThat(KafkaTlsIntegrationTest.catchCause(() -> alice.describeAcls(AclBindingFilter.ANY).values()
                        .get(30, TimeUnit.SECONDS))).isInstanceOf(ClusterAuthorizationException.class);
            }
            try (Admin admin = Admin.create(as(server, "admin"))) {
                assertThat(admin.deleteAcls(List.of(new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC,
                        null, PatternType.ANY), AccessControlEntryFilter.ANY))).all().get(30, TimeUnit.SECONDS))
                        .containsExactly(aliceWrites);
            }
            assertThat(new AclStore(dir.resolve("data")).rules()).isEmpty();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(as(server, "alice"), new StringSerializer(),
                    new StringSerializer())) {
                assertThat(KafkaTlsIntegrationTest.catchCause(() -> producer.send(new ProducerRecord<>("orders", "k",
                        "refused")).get(30, TimeUnit.SECONDS))).isInstanceOf(TopicAuthorizationException.class);
            }
            assertThat(logs.messages()).anyMatch(m -> m.contains("User:admin from /127.0.0.1 added the ACL rule "
                    + "User:alice TOPIC 'orders' WRITE")).anyMatch(m -> m.contains("removed the ACL rule"));
        }
    }
}
