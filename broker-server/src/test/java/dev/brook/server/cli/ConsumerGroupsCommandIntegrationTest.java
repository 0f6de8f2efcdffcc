package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.ConsumerGroups;
import dev.brook.core.NewTopic;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook consumer-groups} against a real broker on 127.0.0.1. Topic {@code t} has five
 * records in partition 0 and three in partition 1, the record at offset n stamped
 * {@code 1000 * (n + 1)}; group {@code idle} has no members and committed offsets 2 in partition 0
 * and 3 in partition 1; group {@code active} has one member, subscribed to {@code t}, and no commits.
 */
class ConsumerGroupsCommandIntegrationTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    @TempDir
    Path dataDir;

    private BrookServer server;
    private String memberId;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        server.broker().createTopic(NewTopic.of("t", 2));
        append(T0, 5);
        append(T1, 3);
        long now = System.currentTimeMillis();
        server.broker().commitOffsets("idle", Map.of(T0, new OffsetAndMetadata(2, null, now),
                T1, new OffsetAndMetadata(3, null, now)));
        memberId = server.broker().groups().heartbeat(new ConsumerGroups.Heartbeat("active", null, 0, "client", 30000,
                Set.of("t"), null, Set.of())).memberId();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void append(TopicPartition tp, int count) {
        for (int i = 0; i < count; i++) {
            server.broker().append(tp, RecordBatchBuilder.allocate(256).append(1000L * (i + 1), null, new byte[1])
                    .build());
        }
    }

    /** What one run printed and its exit code. */
    record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("consumer-groups", "--bootstrap-server", "127.0.0.1:" + server.port()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    private Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, Long> offsets = new TreeMap<>();
        server.broker().groups().describeGroup(group).committedOffsets().forEach((tp, om) -> offsets.put(tp, om.offset()));
        return offsets;
    }

    /** The lines of a table, each split into its columns. */
    private static List<List<String>> rows(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (line.startsWith("GROUP") || rows.size() > 0 && !line.isBlank()) {
                rows.add(List.of(line.trim().split("\\s+")));
            }
        }
        return rows;
    }

    @Test
    void listsOneGroupPerLine() {
        Run listed = run("--list");

        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).isEqualToNormalizingNewlines("active\nidle\n");
    }

    @Test
    void describesAnEmptyGroupsOffsetsAndLagInKafkasColumns() {
        Run described = run("--describe", "--group", "idle");

        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(described.out()).contains("Consumer group 'idle' has no active members.");
        assertThat(rows(described.out())).containsExactly(
                List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
                        "CLIENT-ID"),
                List.of("idle", "t", "0", "2", "5", "3", "-", "-"),
                List.of("idle", "t", "1", "3", "3", "0", "-", "-"));
    }

    @Test
    void describesTheOwningMemberAndDashesWhereNothingIsCommitted() {
        Run described = run("--describe", "--group", "active");

        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(described.out()).doesNotContain("no active members");
        assertThat(rows(described.out())).containsExactly(
                List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
                        "CLIENT-ID"),
                List.of("active", "t", "0", "-", "5", "-", memberId, "client"),
                List.of("active", "t", "1", "-", "3", "-", memberId, "client"));
    }

    @Test
    void describesAMemberWithoutPartitionsOnARowOfItsOwn() {
        String waiting = server.broker().groups().heartbeat(new ConsumerGroups.Heartbeat("active", null, 0, "other",
                30000, Set.of("t"), null, Set.of())).memberId();

        Run described = run("--describe", "--group", "active");

        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(rows(described.out())).as("the new member waits for the first to release a partition")
                .contains(List.of("active", "-", "-", "-", "-", "-", waiting, "other"));
    }

    @Test
    void columnsAreAligned() {
        List<String> lines = run("--describe", "--group", "active").out().lines()
                .dropWhile(line -> !line.startsWith("GROUP")).toList();

        for (String column : List.of("PARTITION", "LAG", "CONSUMER-ID", "CLIENT-ID")) {
            int start = lines.get(0).indexOf(column);
            assertThat(lines.subList(1, lines.size())).as(column)
                    .allMatch(line -> line.charAt(start - 1) == ' ' && line.charAt(start) != ' ');
        }
    }

    @Test
    void resetWithoutExecuteIsADryRun() {
        Run reset = run("--reset-offsets", "--group", "idle", "--topic", "t", "--to-earliest");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(rows(reset.out())).containsExactly(List.of("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"),
                List.of("idle", "t", "0", "0"), List.of("idle", "t", "1", "0"));
        assertThat(reset.err()).contains("--execute");
        assertThat(run("--reset-offsets", "--group", "idle", "--topic", "t", "--to-earliest", "--dry-run").err())
                .isEmpty();
        assertThat(committed("idle")).containsExactly(Map.entry(T0, 2L), Map.entry(T1, 3L));
    }

    @Test
    void resetsToEarliestAndLatestWithExecute() {
        Run earliest = run("--reset-offsets", "--group", "idle", "--all-topics", "--to-earliest", "--execute");
        assertThat(earliest.exitCode()).as(earliest.err()).isZero();
        assertThat(committed("idle")).containsExactly(Map.entry(T0, 0L), Map.entry(T1, 0L));

        Run latest = run("--reset-offsets", "--group", "idle", "--topic", "t:0", "--to-latest", "--execute");
        assertThat(latest.exitCode()).as(latest.err()).isZero();
        assertThat(rows(latest.out())).containsExactly(List.of("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"),
                List.of("idle", "t", "0", "5"));
        assertThat(committed("idle")).containsExactly(Map.entry(T0, 5L), Map.entry(T1, 0L));
    }

    @Test
    void resetsToAnOffsetKeptWithinEachPartition() {
        Run reset = run("--reset-offsets", "--group", "idle", "--topic", "t", "--to-offset", "4", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.err()).contains("higher than latest offset for topic partition t-1");
        assertThat(committed("idle")).containsExactly(Map.entry(T0, 4L), Map.entry(T1, 3L));
    }

    @Test
    void resetsToADatetime() {
        String at = LocalDateTime.ofInstant(Instant.ofEpochMilli(2500), ZoneId.systemDefault()).toString();

        Run reset = run("--reset-offsets", "--group", "idle", "--topic", "t:0,1", "--to-datetime", at, "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("idle")).containsExactly(Map.entry(T0, 2L), Map.entry(T1, 2L));
        assertThat(run("--reset-offsets", "--group", "idle", "--topic", "t", "--execute",
                "--to-datetime", "1970-01-01T00:00:01.000Z").exitCode()).isZero();
        assertThat(committed("idle")).containsExactly(Map.entry(T0, 0L), Map.entry(T1, 0L));
    }

    @Test
    void refusesToResetAGroupWithActiveMembers() {
        Run reset = run("--reset-offsets", "--group", "active", "--topic", "t", "--to-earliest", "--execute");

        assertThat(reset.exitCode()).isNotZero();
        assertThat(reset.err().lines()).hasSize(1);
        assertThat(reset.err()).contains("'active'").contains("active member").contains("stopped first");
        assertThat(committed("active")).isEmpty();
    }

    @Test
    void deletesAnEmptyGroupButNotAnActiveOne() {
        Run refused = run("--delete", "--group", "active");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err().lines()).hasSize(1);
        assertThat(refused.err()).contains("active").contains("stop them");

        Run deleted = run("--delete", "--group", "idle");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualToNormalizingNewlines(
                "Deletion of requested consumer groups ('idle') was successful.\n");
        assertThat(run("--list").out()).isEqualToNormalizingNewlines("active\n");
    }

    @Test
    void unknownGroupsCannotBeDescribedOrDeleted() {
        Run described = run("--describe", "--group", "nobody");
        assertThat(described.exitCode()).isNotZero();
        assertThat(described.err()).isEqualToNormalizingNewlines(
                "brook consumer-groups: Consumer group 'nobody' does not exist.\n");

        Run deleted = run("--delete", "--group", "nobody");
        assertThat(deleted.exitCode()).isNotZero();
        assertThat(deleted.err().lines()).hasSize(1);
        assertThat(deleted.err()).contains("nobody").contains("does not exist");
    }

    @Test
    void aResetNeedsExactlyOneScenario() {
        Run reset = run("--reset-offsets", "--group", "idle", "--topic", "t");

        assertThat(reset.exitCode()).isNotZero();
        assertThat(reset.err()).contains("--to-earliest");
    }
}
