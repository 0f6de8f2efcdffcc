package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.server.testing.NativeClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user runs it: {@code java -jar brook.jar server ...} in its own process,
 * served over a socket, stopped with SIGTERM, and started again on the same data.
 */
class StandaloneServerIT {
    private static final Pattern LISTENING = Pattern.compile("Brook is listening on ([0-9.]+):(\\d+)");

    @TempDir
    Path dir;

    /** A started broker process and the file its output goes to. */
    private record Launched(Process process, Path log) {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        int port() {
            Matcher matcher = LISTENING.matcher(output());
            return matcher.find() ? Integer.parseInt(matcher.group(2)) : -1;
        }
    }

    private Launched launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                System.getProperty("brook.jar")));
        command.addAll(List.of(args));
        // A file rather than a pipe: nothing the process printed just before exiting can be lost.
        Path log = Files.createTempFile(dir, "brook", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Launched(process, log);
    }

    private Launched startServer(Path dataDir) throws IOException {
        Launched server = launch("server", "--port", "0", "--data-dir", dataDir.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> server.port() > 0 || !server.process().isAlive());
        assertThat(server.port()).as("output: %s", server.output()).isPositive();
        return server;
    }

    private static void stop(Launched server) throws InterruptedException {
        server.process().destroy();
        assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theJarServesStopsCleanlyOnSigtermAndKeepsItsData() throws Exception {
        Path dataDir = dir.resolve("data");
        Launched first = startServer(dataDir);
        try (NativeClient client = NativeClient.connect(first.port())) {
            client.call(ApiKey.CREATE_TOPICS, NativeProtocolIntegrationTest.createTopic("kept", 1));
            ProduceResponse.PartitionResult produced = client.call(ApiKey.PRODUCE,
                    NativeProtocolIntegrationTest.produce("kept", 0, NativeProtocolIntegrationTest.batch("one", "two")),
                    ProduceResponse::read).topics().get(0).partitions().get(0);
            assertThat(produced.errorCode()).isEqualTo(ErrorCode.NONE);
        }
        stop(first);
        assertThat(dataDir.resolve(".brook_clean_shutdown")).exists();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.output().contains("stopped"));
        assertThat(first.output()).contains("stopping").doesNotContain("ERROR");

        Launched second = startServer(dataDir);
        try (NativeClient client = NativeClient.connect(second.port())) {
            FetchResponse.PartitionResult fetched = client.call(ApiKey.FETCH,
                    NativeProtocolIntegrationTest.fetch("kept", 0, 0, 0), FetchResponse::read)
                    .topics().get(0).partitions().get(0);
            assertThat(NativeProtocolIntegrationTest.values(fetched)).containsExactly("one", "two");
        } finally {
            stop(second);
        }
    }

    @Test
    void anInvalidSettingStopsTheStartWithAMessageNamingTheKey() throws Exception {
        Path config = dir.resolve("broker.properties");
        Files.writeString(config, "port=0\nsocket.request.max.bytes=lots\n");
        Launched bad = launch("server", "--config", config.toString(), "--data-dir", dir.resolve("d").toString());
        assertThat(bad.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.process().exitValue()).isNotZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> bad.output().contains("socket.request.max.bytes"));
    }

    @Test
    void anUnknownSettingIsWarnedAbout() throws Exception {
        Path config = dir.resolve("broker.properties");
        Files.writeString(config, "port=0\nno.such.setting=1\nlog.retention.ms=3600000\n");
        Launched server = launch("server", "--config", config.toString(), "--data-dir", dir.resolve("d").toString());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> server.port() > 0 || !server.process().isAlive());
            assertThat(server.output()).contains("no.such.setting");
        } finally {
            stop(server);
        }
    }
}
