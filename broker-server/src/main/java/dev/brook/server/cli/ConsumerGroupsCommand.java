package dev.brook.server.cli;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.GroupDescription;
import dev.brook.client.admin.GroupListing;
import dev.brook.client.admin.MemberInfo;
import dev.brook.client.admin.OffsetSpec;
import dev.brook.client.admin.PartitionLag;
import dev.brook.client.admin.TopicInfo;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.GroupIdNotFoundException;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook consumer-groups}: list, describe, reset the offsets of and delete consumer groups,
 * with the options and the output of Kafka's {@code kafka-consumer-groups.sh}.
 */
@Command(name = "consumer-groups", mixinStandardHelpOptions = true,
        description = "List, describe, reset the offsets of, or delete consumer groups.")
final class ConsumerGroupsCommand implements Callable<Integer> {
    private static final String NONE = "-";

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption bootstrap;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--list", required = true, description = "List the groups.")
        boolean list;

        @Option(names = "--describe", required = true, description = "Describe a group: its members and lag.")
        boolean describe;

        @Option(names = "--reset-offsets", required = true,
                description = "Reset a group's committed offsets; the group must have no members.")
        boolean resetOffsets;

        @Option(names = "--delete", required = true, description = "Delete groups that have no members.")
        boolean delete;
    }

    @Option(names = "--group", paramLabel = "GROUP", description = "The group (repeatable for --delete).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "TOPIC[:P1,P2]",
            description = "For --reset-offsets: a topic, all its partitions or those listed (repeatable).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--all-topics", description = "For --reset-offsets: every partition the group has an offset for.")
    boolean allTopics;

    @Option(names = "--to-earliest", description = "Reset to the earliest offset.")
    boolean toEarliest;

    @Option(names = "--to-latest", description = "Reset to the latest offset, the log end.")
    boolean toLatest;

    @Option(names = "--to-datetime", paramLabel = "YYYY-MM-DDTHH:mm:SS.sss",
            description = "Reset to the first offset at or after this time (local time unless a zone is given).")
    String toDatetime;

    @Option(names = "--to-offset", paramLabel = "N",
            description = "Reset to this offset, kept within each partition's earliest and latest.")
    Long toOffset;

    @Option(names = "--dry-run", description = "Only show the new offsets (the default).")
    boolean dryRun;

    @Option(names = "--execute", description = "Commit the new offsets.")
    boolean execute;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security())
                .clientId("brook-consumer-groups").defaultApiTimeoutMs(Futures.TIMEOUT_MS).build())) {
            if (action.list) {
                for (GroupListing group : Futures.await(admin.listGroups())) {
                    out.println(group.groupId());
                }
            } else if (action.describe) {
                describe(admin, out);
            } else if (action.resetOffsets) {
                new OffsetReset(admin, requireOneGroup("--reset-offsets"), out, spec.commandLine().getErr())
                        .run(topics, allTopics, scenario(), execute, dryRun);
            } else {
                delete(admin, out);
            }
        }
        out.flush();
        return 0;
    }

    private void describe(Admin admin, PrintWriter out) throws Exception {
        String groupId = requireOneGroup("--describe");
        GroupDescription group;
        try {
            group = Futures.await(admin.describeGroups(List.of(groupId))).get(groupId);
        } catch (GroupIdNotFoundException e) {
            throw new IllegalArgumentException("Consumer group '" + groupId + "' does not exist.");
        }
        if (group.members().isEmpty()) {
            out.println();
            out.println("Consumer group '" + groupId + "' has no active members.");
        } else if (group.state().equals("Reconciling")) {
            out.println();
            out.println("Warning: Consumer group '" + groupId + "' is rebalancing.");
        }
        out.println();
        Table table = new Table("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                "CONSUMER-ID", "CLIENT-ID");
        for (Map.Entry<TopicPartition, PartitionLag> entry : group.offsets().entrySet()) {
            TopicPartition tp = entry.getKey();
            PartitionLag lag = entry.getValue();
            MemberInfo owner = group.owner(tp);
            table.add(groupId, tp.topic(), String.valueOf(tp.partition()),
                    lag.hasCommittedOffset() ? String.valueOf(lag.committedOffset()) : NONE,
                    String.valueOf(lag.logEndOffset()), lag.hasCommittedOffset() ? String.valueOf(lag.lag()) : NONE,
                    owner == null ? NONE : owner.memberId(), owner == null ? NONE : owner.clientId());
        }
        for (MemberInfo member : group.members()) {
            if (member.assignment().isEmpty()) {
                table.add(groupId, NONE, NONE, NONE, NONE, NONE, member.memberId(), member.clientId());
            }
        }
        table.print(out);
    }

    private void delete(Admin admin, PrintWriter out) throws Exception {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("--delete needs --group GROUP");
        }
        Futures.await(admin.deleteGroups(groups));
        out.println("Deletion of requested consumer groups (" + groups.stream().map(g -> "'" + g + "'")
                .collect(Collectors.joining(", ")) + ") was successful.");
    }

    private String requireOneGroup(String action) {
        if (groups.size() != 1) {
            throw new IllegalArgumentException(action + " needs one --group GROUP");
        }
        return groups.get(0);
    }

    /** The reset scenario: an {@link OffsetSpec}, or a {@code Long} for --to-offset. */
    private Object scenario() {
        int chosen = (toEarliest ? 1 : 0) + (toLatest ? 1 : 0) + (toDatetime != null ? 1 : 0) + (toOffset != null ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalArgumentException(
                    "--reset-offsets needs one of --to-earliest, --to-latest, --to-datetime or --to-offset");
        }
        if (toEarliest) {
            return OffsetSpec.earliest();
        } else if (toLatest) {
            return OffsetSpec.latest();
        } else if (toDatetime != null) {
            return OffsetSpec.forTimestamp(parseDatetime(toDatetime));
        }
        if (toOffset < 0) {
            throw new IllegalArgumentException("--to-offset must not be negative, got " + toOffset);
        }
        return toOffset;
    }

    /** Kafka's {@code YYYY-MM-DDTHH:mm:SS.sss}, in local time, or with a zone such as {@code Z} or {@code +02:00}. */
    static long parseDatetime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--to-datetime '" + text
                        + "' is not of the form YYYY-MM-DDTHH:mm:SS.sss, optionally followed by a zone like Z or +02:00");
            }
        }
    }

    /** Computes, shows and optionally commits a group's new offsets. */
    private static final class OffsetReset {
        private final Admin admin;
        private final String groupId;
        private final PrintWriter out;
        private final PrintWriter err;

        OffsetReset(Admin admin, String groupId, PrintWriter out, PrintWriter err) {
            this.admin = admin;
            this.groupId = groupId;
            this.out = out;
            this.err = err;
        }

        void run(List<String> topics, boolean allTopics, Object scenario, boolean execute, boolean dryRun)
                throws Exception {
            if (execute && dryRun) {
                throw new IllegalArgumentException("--dry-run and --execute cannot be used together");
            }
            if (topics.isEmpty() == !allTopics) {
                throw new IllegalArgumentException("--reset-offsets needs --topic TOPIC[:P1,P2] or --all-topics, not both");
            }
            requireInactive();
            Set<TopicPartition> partitions = allTopics ? committedPartitions() : partitionsOf(topics);
            Map<TopicPartition, Long> offsets = scenario instanceof OffsetSpec
                    ? Futures.await(admin.resolveOffsets(partitions, (OffsetSpec) scenario))
                    : clamped(partitions, (Long) scenario);
            if (execute) {
                Futures.await(admin.alterGroupOffsets(groupId, offsets));
            } else if (!dryRun) {
                err.println("WARN: No action will be performed as the --execute option is missing. "
                        + "Add --dry-run to say so, or --execute to reset the offsets.");
            }
            out.println();
            Table table = new Table("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
            offsets.forEach((tp, offset) -> table.add(groupId, tp.topic(), String.valueOf(tp.partition()),
                    String.valueOf(offset)));
            table.print(out);
        }

        /** Only a group without members may have its offsets reset, as in Kafka; one that does not exist may. */
        private void requireInactive() throws Exception {
            GroupDescription group;
            try {
                group = Futures.await(admin.describeGroups(List.of(groupId))).get(groupId);
            } catch (GroupIdNotFoundException e) {
                return;
            }
            if (!group.members().isEmpty()) {
                throw new IllegalStateException("Assignments can only be reset if the group '" + groupId
                        + "' is inactive, but the current state is " + group.state() + ": the group has "
                        + group.members().size() + " active member(s), which must be stopped first.");
            }
        }

        private Set<TopicPartition> committedPartitions() throws Exception {
            Set<TopicPartition> partitions = Futures.await(admin.listGroupOffsets(groupId)).keySet();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("group '" + groupId
                        + "' has no committed offsets for --all-topics to reset; name them with --topic");
            }
            return partitions;
        }

        private Set<TopicPartition> partitionsOf(List<String> topicArgs) throws Exception {
            Set<TopicPartition> partitions = new TreeSet<>();
            for (String arg : topicArgs) {
                int colon = arg.indexOf(':');
                String topic = colon < 0 ? arg : arg.substring(0, colon);
                TopicInfo info = Futures.await(admin.describeTopics(List.of(topic))).get(topic);
                int count = info.partitions().size();
                if (colon < 0) {
                    for (int p = 0; p < count; p++) {
                        partitions.add(new TopicPartition(topic, p));
                    }
                    continue;
                }
                for (String number : arg.substring(colon + 1).split(",")) {
                    int p;
                    try {
                        p = Integer.parseInt(number.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--topic '" + arg + "' has a partition that is not a number");
                    }
                    if (p < 0 || p >= count) {
                        throw new IllegalArgumentException("--topic '" + arg + "': topic " + topic + " has no partition "
                                + p + " (it has " + count + ")");
                    }
                    partitions.add(new TopicPartition(topic, p));
                }
            }
            return partitions;
        }

        /** {@code offset} for each partition, moved within its earliest and latest offsets as Kafka does. */
        private Map<TopicPartition, Long> clamped(Set<TopicPartition> partitions, long offset) throws Exception {
            Map<TopicPartition, Long> earliest = Futures.await(admin.resolveOffsets(partitions, OffsetSpec.earliest()));
            Map<TopicPartition, Long> latest = Futures.await(admin.resolveOffsets(partitions, OffsetSpec.latest()));
            Map<TopicPartition, Long> offsets = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                long chosen = offset;
                if (offset < earliest.get(tp)) {
                    chosen = earliest.get(tp);
                    err.println("New offset (" + offset + ") is lower than earliest offset for topic partition " + tp
                            + ". Value will be set to " + chosen);
                } else if (offset > latest.get(tp)) {
                    chosen = latest.get(tp);
                    err.println("New offset (" + offset + ") is higher than latest offset for topic partition " + tp
                            + ". Value will be set to " + chosen);
                }
                offsets.put(tp, chosen);
            }
            return offsets;
        }
    }

    /** Rows printed in columns as wide as their widest cell, the last one unpadded. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void add(String... row) {
            rows.add(row);
        }

        void print(PrintWriter out) {
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 1) + "s", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
