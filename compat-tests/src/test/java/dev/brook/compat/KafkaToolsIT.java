package dev.brook.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka's own command-line tools (kafka-tools 4.4 from Maven Central) against an embedded
 * Brook, the way Kafka's quickstart uses them: each tool runs in its own JVM, as
 * {@code bin/kafka-*.sh} would start it, and the test reads what it prints on standard output.
 */
class KafkaToolsIT {
    private static final Duration TOOL_LIMIT = Duration.ofSeconds(60);
    private static final String TOPIC_COMMAND = "org.apache.kafka.tools.TopicCommand";
    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String CONSUMER_GROUP_COMMAND = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";

    @TempDir
    Path dir;
    BrookServer server;
    String bootstrap;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("data")).build());
        bootstrap = server.kafkaBootstrapServers();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The tools' class path (kafka-tools and its dependencies, Log4j 2) and this module's log4j2-test.xml. */
    private static String toolsClassPath() throws IOException {
        String dependencies = Files.readString(Path.of(System.getProperty("tools.classpath.file")), StandardCharsets.UTF_8)
                .trim();
        Path testClasses = Path.of(System.getProperty("tools.classpath.file")).resolveSibling("test-classes");
        return testClasses + ":" + dependencies;
    }

    private Command.Result tool(String mainClass, String... args) throws Exception {
        return toolWithInput(null, mainClass, args);
    }

    private Command.Result toolWithInput(String stdin, String mainClass, String... args) throws Exception {
        Command command = Command.java(toolsClassPath(), mainClass, args);
        if (stdin != null) {
            command.stdin(stdin);
        }
        return command.run(dir.resolve("out"), TOOL_LIMIT);
    }

    @Test
    void topicCommandCreatesAndListsTopics() throws Exception {
        Command.Result created = tool(TOPIC_COMMAND, "--create", "--topic", "test", "--partitions", "2",
                "--bootstrap-server", bootstrap).assertSucceededWithoutErrors();
        assertThat(created.stdout()).contains("Created topic test.");

        Command.Result listed = tool(TOPIC_COMMAND, "--list", "--bootstrap-server", bootstrap).assertSucceededWithoutErrors();
        assertThat(listed.stdout().lines()).contains("test");

        Command.Result again = tool(TOPIC_COMMAND, "--create", "--topic", "test", "--bootstrap-server", bootstrap);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stdout() + again.stderr()).contains("already exists");
    }

    /** Uses the config APIs too: the description's {@code Configs:} column comes from DescribeConfigs. */
    @Test
    void topicCommandDescribesATopic() throws Exception {
        tool(TOPIC_COMMAND, "--create", "--topic", "test", "--partitions", "2", "--bootstrap-server", bootstrap)
                .assertSucceededWithoutErrors();
        Command.Result described = tool(TOPIC_COMMAND, "--describe", "--topic", "test", "--bootstrap-server", bootstrap)
                .assertSucceededWithoutErrors();
        List<String> lines = described.stdout().lines().map(String::strip).toList();
        assertThat(lines).as(described.describe("printed")).anySatisfy(line -> assertThat(line)
                .startsWith("Topic: test").contains("PartitionCount: 2", "ReplicationFactor: 1"));
        assertThat(lines).filteredOn(line -> line.startsWith("Topic: test\tPartition:")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("Leader: " + server.config().brokerId(), "Isr: "));
    }

    /**
     * Runs today: a producer without idempotence and a consumer of an assigned partition without a
     * group use only produce, fetch, metadata and list-offsets.
     */
    @Test
    void consoleProducerAndConsumerWorkWithoutGroupsOrIdempotence() throws Exception {
        toolWithInput("one\ntwo\nthree\n", CONSOLE_PRODUCER, "--bootstrap-server", bootstrap, "--topic", "plain",
                "--command-property", "enable.idempotence=false").assertSucceededWithoutErrors();
        Command.Result consumed = tool(CONSOLE_CONSUMER, "--bootstrap-server", bootstrap, "--topic", "plain",
                "--partition", "0", "--offset", "earliest", "--max-messages", "3").assertSucceededWithoutErrors();
        assertThat(consumed.stdout().lines()).containsExactly("one", "two", "three");
        assertThat(consumed.stderr()).contains("Processed a total of 3 messages");
    }

    /**
     * The console producer, idempotent by default (InitProducerId), and the console consumer in a
     * group of the new rebalance protocol (KIP-848: ConsumerGroupHeartbeat, OffsetCommit, OffsetFetch).
     */
    @Test
    void consoleConsumerReadsInAGroupOfTheNewRebalanceProtocol() throws Exception {
        toolWithInput("one\ntwo\nthree\n", CONSOLE_PRODUCER, "--bootstrap-server", bootstrap, "--topic", "kip848")
                .assertSucceededWithoutErrors();
        Command.Result consumed = tool(CONSOLE_CONSUMER, "--bootstrap-server", bootstrap, "--topic", "kip848",
                "--from-beginning", "--group", "g848", "--command-property", "group.protocol=consumer",
                "--max-messages", "3").assertSucceededWithoutErrors();
        assertThat(consumed.stdout().lines()).as(consumed.describe("printed")).containsExactly("one", "two", "three");
    }

    /**
     * Kafka's quickstart: lines typed into the console producer (idempotent by default: InitProducerId)
     * are read back by the console consumer in a group (the classic group APIs), and the group
     * command shows the group's committed offset and lag.
     */
    @Test
    void quickstartProducesConsumesInAGroupAndShowsItsLag() throws Exception {
        tool(TOPIC_COMMAND, "--create", "--topic", "quickstart", "--bootstrap-server", bootstrap).assertSucceededWithoutErrors();
        toolWithInput("first event\nsecond event\nthird event\n", CONSOLE_PRODUCER, "--bootstrap-server", bootstrap,
                "--topic", "quickstart").assertSucceededWithoutErrors();

        Command.Result consumed = tool(CONSOLE_CONSUMER, "--bootstrap-server", bootstrap, "--topic", "quickstart",
                "--from-beginning", "--group", "g", "--max-messages", "3").assertSucceededWithoutErrors();
        assertThat(consumed.stdout().lines()).as(consumed.describe("printed")).containsExactly("first event", "second event", "third event");

        // Two more events that the group has not read: its lag.
        toolWithInput("fourth event\nfifth event\n", CONSOLE_PRODUCER, "--bootstrap-server", bootstrap,
                "--topic", "quickstart").assertSucceededWithoutErrors();

        Command.Result described = tool(CONSUMER_GROUP_COMMAND, "--bootstrap-server", bootstrap,
                "--describe", "--group", "g").assertSucceededWithoutErrors();
        List<List<String>> rows = described.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> List.of(l.split("\\s+"))).toList();
        List<String> header = rows.stream().filter(r -> r.contains("LAG")).findFirst()
                .orElseThrow(() -> new AssertionError(described.describe("printed no header")));
        List<String> row = rows.stream().filter(r -> r.size() >= 6 && r.get(0).equals("g")
                && r.get(1).equals("quickstart")).findFirst()
                .orElseThrow(() -> new AssertionError(described.describe("printed no row for the group")));
        assertThat(row.get(header.indexOf("PARTITION"))).isEqualTo("0");
        assertThat(row.get(header.indexOf("CURRENT-OFFSET"))).isEqualTo("3");
        assertThat(row.get(header.indexOf("LOG-END-OFFSET"))).isEqualTo("5");
        assertThat(row.get(header.indexOf("LAG"))).isEqualTo("2");
    }
}
