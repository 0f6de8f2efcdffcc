package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.protocol.record.Record;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line tools of the quickstart, against a real broker on 127.0.0.1. */
class ClientToolsIntegrationTest {
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

    /** What one run printed and its exit code. */
    record Run(int exitCode, String out, String err) {
    }

    Run run(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("server")) {
            all.add("--bootstrap-server");
            all.add(all.contains("--bootstrap-server") && all.indexOf("--bootstrap-server") < args.length
                    ? all.remove(all.size() - 1) : "127.0.0.1:" + server.port());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream originalIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(originalIn);
        }
    }

    private List<String> stored(String topic, int partition) {
        List<String> values = new ArrayList<>();
        for (Record record : server.broker().read(topic, partition, 0, 1 << 20).records()) {
            values.add((record.key() == null ? "" : StandardCharsets.UTF_8.decode(record.key()) + "=")
                    + StandardCharsets.UTF_8.decode(record.value()));
        }
        return values;
    }

    @Test
    void topicsCreatesListsDescribesAltersAndDeletes() {
        Run created = run("", "topics", "--create", "--topic", "test", "--partitions", "2", "--config", "retention.ms=60000");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created topic test.");

        assertThat(run("", "topics", "--list").out()).isEqualToNormalizingNewlines("test\n");
        Run described = run("", "topics", "--describe", "--topic", "test");
        assertThat(described.out()).contains("Topic: test").contains("PartitionCount: 2")
                .contains("Configs: retention.ms=60000").contains("Partition: 1");

        assertThat(run("", "topics", "--alter", "--topic", "test", "--partitions", "3").exitCode()).isZero();
        assertThat(server.broker().describeTopic("test").partitionCount()).isEqualTo(3);

        assertThat(run("", "topics", "--delete", "--topic", "test").exitCode()).isZero();
        assertThat(run("", "topics", "--list").out()).isEmpty();
    }

    @Test
    void consoleProducerSendsOneRecordPerLineWithOptionalKeys() {
        server.broker().createTopic(NewTopic.of("lines", 1));
        Run plain = run("first line\nsecond line\n", "console-producer", "--topic", "lines");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        Run keyed = run("k1:v1\nk2:v2\n", "console-producer", "--topic", "lines",
                "--property", "parse.key=true", "--property", "key.separator=:");
        assertThat(keyed.exitCode()).as(keyed.err()).isZero();

        assertThat(stored("lines", 0)).containsExactly("first line", "second line", "k1=v1", "k2=v2");
    }

    @Test
    void perfProducerPrintsKafkasSummaryLine() {
        server.broker().createTopic(NewTopic.of("perf", 1));
        Run perf = run("", "perf-producer", "--topic", "perf", "--num-records", "2000", "--record-size", "100",
                "--acks", "1");
        assertThat(perf.exitCode()).as(perf.err()).isZero();
        assertThat(perf.out()).containsPattern("2000 records sent, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), "
                + "[0-9.]+ ms avg latency, [0-9.]+ ms max latency, \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99.9th\\.");
        assertThat(server.broker().logEndOffset("perf", 0)).isEqualTo(2000);
    }

    @Test
    void theQuickstartRunsWithBrooksTools() {
        assertThat(run("", "topics", "--create", "--topic", "test").exitCode()).isZero();
        assertThat(run("", "topics", "--list").out()).contains("test");
        Run produced = run("This is my first event\nThis is my second event\n", "console-producer", "--topic", "test");
        assertThat(produced.exitCode()).as(produced.err()).isZero();

        Run consumed = run("", "console-consumer", "--topic", "test", "--from-beginning", "--timeout-ms", "1000");

        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out()).isEqualToNormalizingNewlines("This is my first event\nThis is my second event\n");
        assertThat(consumed.err()).contains("Processed a total of 2 messages");
    }

    @Test
    void consoleConsumerPrintsKeysOffsetsPartitionsAndStopsAtMaxMessages() {
        server.broker().createTopic(NewTopic.of("props", 1));
        run("a:1\nb:2\nc:3\n", "console-producer", "--topic", "props", "--property", "parse.key=true",
                "--property", "key.separator=:");

        Run consumed = run("", "console-consumer", "--topic", "props", "--from-beginning", "--max-messages", "2",
                "--property", "print.key=true", "--property", "print.offset=true", "--property", "print.partition=true");

        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out()).isEqualToNormalizingNewlines("Partition:0\tOffset:0\ta\t1\nPartition:0\tOffset:1\tb\t2\n");
    }

    @Test
    void perfConsumerReadsTheRecordsAndPrintsKafkasColumns() {
        server.broker().createTopic(NewTopic.of("perfc", 2));
        run("", "perf-producer", "--topic", "perfc", "--num-records", "3000", "--record-size", "64", "--acks", "1");

        Run perf = run("", "perf-consumer", "--topic", "perfc", "--num-records", "3000");

        assertThat(perf.exitCode()).as(perf.err()).isZero();
        assertThat(perf.out()).startsWith(PerfConsumerCommand.HEADER);
        assertThat(perf.out()).containsPattern(", 3000, [0-9.]+, 0, \\d+, [0-9.]+, [0-9.]+");
    }

    @Test
    void failuresExitNonZeroWithOneLineNamingTheProblem() throws Exception {
        Run unknownTopic = run("x\n", "console-producer", "--topic", "missing");
        assertThat(unknownTopic.exitCode()).isNotZero();
        assertThat(unknownTopic.err().strip()).doesNotContain("\n").contains("missing");

        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(err), "topics", "--list",
                "--bootstrap-server", "127.0.0.1:" + unused);
        assertThat(code).isNotZero();
        assertThat(err.toString().strip()).doesNotContain("\n").contains("127.0.0.1:" + unused);

        Run duplicate = run("", "topics", "--create", "--topic", "dup");
        assertThat(duplicate.exitCode()).isZero();
        Run again = run("", "topics", "--create", "--topic", "dup");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("already exists");
    }
}
