package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients is an optional dependency of broker-server: an application that embeds the server
 * without it gets Brook's listener alone, with the reason logged, and a SASL setting that needs
 * kafka-clients' mechanisms is refused at start. Run in a separate JVM whose class path is this
 * one's without kafka-clients and its compression libraries.
 */
class WithoutKafkaClientsIntegrationTest {
    @TempDir
    Path dir;

    /** The embedding application: starts a server, uses Brook's listener, then tries SASL. */
    public static final class EmbeddingApplication {
        public static void main(String[] args) throws Exception {
            Path data = Path.of(args[0]);
            try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(data)
                    .httpEnabled(false).build());
                    Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(
                            "127.0.0.1:" + server.port()).build())) {
                admin.createTopic(NewTopic.of("orders", 2)).get(30, TimeUnit.SECONDS);
                System.out.println("topics: " + admin.listTopics().get(30, TimeUnit.SECONDS));
                try {
                    server.kafkaBootstrapServers();
                    System.out.println("kafka listener: yes");
                } catch (IllegalStateException e) {
                    System.out.println("kafka listener: no (" + e.getMessage() + ")");
                }
            }
            try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(data)
                    .httpEnabled(false).security("sasl.enabled.mechanisms", "PLAIN").build())) {
                System.out.println("sasl: started");
            } catch (IllegalArgumentException e) {
                System.out.println("sasl: refused (" + e.getMessage() + ")");
            }
        }
    }

    @Test
    void anEmbeddedServerWithoutKafkaClientsServesBrooksProtocolAndSaysWhyThereIsNoKafkaListener()
            throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("kafka-clients") && !entry.contains("zstd-jni")
                        && !entry.contains("lz4-java") && !entry.contains("snappy-java"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).doesNotContain("kafka-clients");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, EmbeddingApplication.class.getName(), dir.toString()));
        Path out = dir.resolve("out.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the application finishes").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(out);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("topics: [orders]")
                .contains("kafka listener: no (")
                .contains("kafka-clients is not on the class path")
                .contains("sasl: refused (sasl.enabled.mechanisms needs kafka-clients")
                .doesNotContain("NoClassDefFoundError");
    }
}
