package dev.brook.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KafkaJS 2 (a Kafka client written from scratch in JavaScript, with its own choice of API versions)
 * against an embedded Brook: {@code npm install} puts the pinned version under target/kafkajs once,
 * then {@code src/test/resources/kafkajs/quickstart.js} runs with node and prints one JSON line per
 * step. Skipped, saying so, where node or npm is not installed.
 */
class KafkaJsIT {
    private static final Duration NODE_LIMIT = Duration.ofSeconds(60);
    private static final Duration NPM_LIMIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path kafkajsDir;

    @TempDir
    Path dir;
    BrookServer server;

    /**
     * Installs KafkaJS (once: later tests find it installed) and starts Brook. Checked before each
     * test rather than once for the class, so that where node is missing every test is reported as
     * skipped, with the reason.
     */
    @BeforeEach
    void installKafkaJsAndStartBrook() throws Exception {
        Path scratch = dir.resolve("install");
        assumeTrue(works(scratch, "node", "--version"),
                "node was not found on the PATH: the KafkaJS tests need Node.js 14 or later and are skipped");
        assumeTrue(works(scratch, "npm", "--version"),
                "npm was not found on the PATH: the KafkaJS tests need it to install KafkaJS and are skipped");
        String version = System.getProperty("kafkajs.version");
        kafkajsDir = Path.of(System.getProperty("kafkajs.dir"));
        Path installed = kafkajsDir.resolve("node_modules/kafkajs/package.json");
        if (!Files.exists(installed) || !JSON.readTree(installed.toFile()).path("version").asText().equals(version)) {
            Files.createDirectories(kafkajsDir);
            Command.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--no-save", "--prefix",
                    kafkajsDir.toString(), "kafkajs@" + version).run(scratch, NPM_LIMIT).assertSucceeded();
            assertThat(JSON.readTree(installed.toFile()).path("version").asText()).isEqualTo(version);
        }
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("data")).build());
    }

    private static boolean works(Path scratch, String... command) {
        try {
            return Command.of(command).run(scratch, Duration.ofSeconds(20)).exitCode() == 0;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs quickstart.js with the given steps; returns each step's JSON line by its name. */
    private Map<String, JsonNode> run(String topic, String... steps) throws Exception {
        Path script = kafkajsDir.resolve("quickstart.js");
        Files.copy(Path.of(KafkaJsIT.class.getResource("/kafkajs/quickstart.js").toURI()), script,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("node", script.toString(), server.kafkaBootstrapServers(), topic));
        command.addAll(List.of(steps));
        Command.Result result = Command.of(command.toArray(String[]::new)).workDir(kafkajsDir)
                .env("KAFKAJS_NO_PARTITIONER_WARNING", "1").run(dir.resolve("out"), NODE_LIMIT);
        result.assertSucceeded();
        Map<String, JsonNode> byStep = new LinkedHashMap<>();
        for (String line : result.stdout().lines().toList()) {
            JsonNode node = JSON.readTree(line);
            byStep.put(node.path("step").asText(), node);
        }
        assertThat(byStep.keySet()).as(result.describe("printed")).containsExactly(steps);
        return byStep;
    }

    @Test
    void kafkaJsCreatesListsAndProducesToATopic() throws Exception {
        Map<String, JsonNode> steps = run("js-topic", "admin", "produce");

        JsonNode admin = steps.get("admin");
        assertThat(admin.path("created").asBoolean()).isTrue();
        assertThat(admin.path("topics")).extracting(JsonNode::asText).contains("js-topic");
        assertThat(admin.path("partitions").asInt()).isEqualTo(2);

        JsonNode produce = steps.get("produce");
        assertThat(produce.path("count").asInt()).isEqualTo(10);
        // One result per partition written, each without error and with its base offset.
        assertThat(produce.path("results")).isNotEmpty().allSatisfy(partition -> {
            assertThat(partition.path("topicName").asText()).isEqualTo("js-topic");
            assertThat(partition.path("errorCode").asInt()).isZero();
            assertThat(partition.path("baseOffset").asText()).isEqualTo("0");
        });
    }

    /** Uses the classic consumer-group APIs (JoinGroup, SyncGroup, Heartbeat, OffsetCommit/Fetch). */
    @Test
    void kafkaJsConsumesWhatItProducedInAGroup() throws Exception {
        Map<String, JsonNode> steps = run("js-group-topic", "admin", "produce", "consume");
        JsonNode consume = steps.get("consume");
        assertThat(consume.path("count").asInt()).isEqualTo(10);
        List<String> values = new ArrayList<>();
        consume.path("values").forEach(v -> values.add(v.path("value").asText()));
        assertThat(values).containsExactlyInAnyOrder("message 0", "message 1", "message 2", "message 3", "message 4",
                "message 5", "message 6", "message 7", "message 8", "message 9");
    }
}
