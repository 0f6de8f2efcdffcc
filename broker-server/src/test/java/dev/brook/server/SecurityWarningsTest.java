package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.testing.LogCapture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityWarningsTest {
    @TempDir
    Path dir;

    @Test
    void aBrokerReachableFromOtherMachinesWithoutAuthenticationWarnsAtStart() {
        try (LogCapture logs = new LogCapture(SecurityWarnings.class);
                BrookServer server = BrookServer.start(ServerConfig.builder().host("0.0.0.0").port(0)
                        .dataDir(dir).build())) {
            assertThat(logs.messages()).filteredOn(m -> m.contains("does not authenticate clients")).hasSize(2)
                    .anyMatch(m -> m.contains("Brook listener on") && m.contains(":" + server.port() + " "))
                    .anyMatch(m -> m.contains("Kafka listener on") && m.contains(":" + server.kafkaPort() + " "));
        }
    }

    @Test
    void listenersThatRequireSaslDoNotWarn() {
        try (LogCapture logs = new LogCapture(SecurityWarnings.class);
                BrookServer server = BrookServer.start(ServerConfig.builder().host("0.0.0.0").port(0).dataDir(dir)
                        .security("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                        .security("kafka.sasl.enabled.mechanisms", "SCRAM-SHA-512").build())) {
            assertThat(logs.messages()).noneMatch(m -> m.contains("does not authenticate"))
                    .anyMatch(m -> m.contains("the Brook listener on port " + server.port() + " uses SASL_PLAINTEXT"));
        }
    }

    @Test
    void theLaptopDefaultOnLoopbackStaysQuiet() {
        try (LogCapture logs = new LogCapture(SecurityWarnings.class);
                BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build())) {
            assertThat(logs.messages()).noneMatch(m -> m.contains("does not authenticate"));
        }
    }
}
