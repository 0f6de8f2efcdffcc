package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brook status} against a real broker's HTTP listener on 127.0.0.1. */
class StatusCommandIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusShowsTheTopicsTheGroupsWithTheirLagAndTheListeners() {
        server.broker().createTopic(NewTopic.of("payments", 3));
        RecordBatchBuilder batch = RecordBatchBuilder.allocate(1024);
        for (int i = 0; i < 7; i++) {
            batch.append(1L, null, ByteBuffer.wrap(new byte[] {(byte) i}));
        }
        server.broker().append("payments", 1, batch.build());
        server.broker().commitOffsets("ledger", Map.of(new TopicPartition("payments", 1),
                new OffsetAndMetadata(4, "", 1L)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(err), "status",
                "--http", "127.0.0.1:" + server.httpPort(), "--interval-ms", "50");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("cluster " + server.broker().clusterId())
                .contains("brook 127.0.0.1:" + server.port())
                .contains("kafka 127.0.0.1:" + server.kafkaPort())
                .containsPattern("payments\\s+3\\s+\\S+ \\S?i?B\\s+7")
                .containsPattern("ledger\\s+3\\s+payments-1=3");
    }

    @Test
    void statusFailsWithOneLineWhenNoBrokerAnswers() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int port = server.httpPort();
        server.close();

        int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(err), "status",
                "--http", "127.0.0.1:" + port, "--interval-ms", "10");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("brook status: could not reach the broker's HTTP listener");
    }
}
