package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.GroupDescription;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook console-consumer --group} stopped as a user stops it (Ctrl-C, or SIGTERM: both run
 * the JVM's shutdown hooks) in its own process: it leaves the group before it exits, so that the
 * next run gets the partitions at once rather than after the session timeout.
 */
class ConsoleConsumerStopIT {
    @TempDir
    Path dir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("data")).build());
        server.broker().createTopic(NewTopic.of("events", 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aStoppedConsoleConsumerLeavesItsGroupAndSaysHowManyItPrinted() throws Exception {
        String bootstrap = "127.0.0.1:" + server.port();
        try (Producer<String, String> producer = new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(),
                Serdes.stringSerializer()).bootstrapServer(bootstrap).build())) {
            producer.send(new ProducerRecord<>("events", "first event"));
            producer.send(new ProducerRecord<>("events", "second event")).get(30, TimeUnit.SECONDS);
        }
        Path output = Files.createTempFile(dir, "console-consumer", ".out");
        Process consumer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", System.getProperty("brook.jar"), "console-consumer", "--bootstrap-server", bootstrap,
                "--topic", "events", "--group", "g", "--from-beginning")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap).build())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> read(output).contains("second event")
                    || !consumer.isAlive());
            assertThat(members(admin)).as("output: %s", read(output)).isEqualTo(1);

            consumer.destroy();

            assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(read(output)).contains("first event", "second event", "Processed a total of 2 messages");
            assertThat(members(admin)).as("members right after the consumer exited").isZero();
        } finally {
            consumer.destroyForcibly();
        }
    }

    private static int members(Admin admin) throws Exception {
        GroupDescription group = admin.describeGroups(List.of("g")).get(30, TimeUnit.SECONDS).get("g");
        return group == null ? 0 : group.members().size();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
