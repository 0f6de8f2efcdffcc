package dev.brook.server.cli;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.ConfigEntry;
import dev.brook.client.admin.NewTopic;
import dev.brook.client.admin.TopicInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code brook topics}: create, list, describe, alter and delete topics, with the options and the
 * output of Kafka's {@code kafka-topics.sh}.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create, list, describe, alter or delete topics.")
final class TopicsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption bootstrap;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--create", required = true, description = "Create a topic.")
        boolean create;

        @Option(names = "--list", required = true, description = "List the topics.")
        boolean list;

        @Option(names = "--describe", required = true, description = "Describe one topic, or all.")
        boolean describe;

        @Option(names = "--alter", required = true, description = "Raise a topic's partition count.")
        boolean alter;

        @Option(names = "--delete", required = true, description = "Delete a topic.")
        boolean delete;
    }

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions (for --create, default 1; for --alter, the new count).")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "N", description = "Must be 1 on this single-node broker.")
    Short replicationFactor;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A topic setting, for --create (repeatable).")
    List<String> configs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security())
                .clientId("brook-topics").defaultApiTimeoutMs(Futures.TIMEOUT_MS).build())) {
            if (action.create) {
                NewTopic newTopic = NewTopic.of(requireTopic("--create"), partitions == null ? 1 : partitions)
                        .withConfigs(parseConfigs());
                if (replicationFactor != null) {
                    newTopic = newTopic.withReplicationFactor(replicationFactor);
                }
                Futures.await(admin.createTopic(newTopic));
                out.println("Created topic " + newTopic.name() + ".");
            } else if (action.list) {
                for (String name : Futures.await(admin.listTopics())) {
                    out.println(name);
                }
            } else if (action.describe) {
                Map<String, TopicInfo> topics = topic == null ? Futures.await(admin.describeAllTopics())
                        : Futures.await(admin.describeTopics(List.of(topic)));
                for (TopicInfo info : topics.values()) {
                    describe(admin, info, out);
                }
            } else if (action.alter) {
                if (partitions == null) {
                    throw new IllegalArgumentException("--alter needs --partitions N");
                }
                Futures.await(admin.createPartitions(requireTopic("--alter"), partitions));
            } else {
                Futures.await(admin.deleteTopic(requireTopic("--delete")));
            }
        }
        out.flush();
        return 0;
    }

    private void describe(Admin admin, TopicInfo info, PrintWriter out) throws Exception {
        StringBuilder overrides = new StringBuilder();
        for (ConfigEntry entry : Futures.await(admin.describeConfigs(info.name())).values()) {
            if (!entry.isDefault()) {
                overrides.append(overrides.length() == 0 ? "" : ",").append(entry.name()).append('=').append(entry.value());
            }
        }
        out.println("Topic: " + info.name() + "\tTopicId: " + info.topicId() + "\tPartitionCount: "
                + info.partitions().size() + "\tReplicationFactor: 1\tConfigs: " + overrides);
        for (TopicInfo.PartitionInfo partition : info.partitions()) {
            out.println("\tTopic: " + info.name() + "\tPartition: " + partition.partition() + "\tLeader: "
                    + partition.leaderId() + "\tReplicas: " + partition.leaderId() + "\tIsr: " + partition.leaderId()
                    + "\tOffsets: " + partition.logStartOffset() + ".." + partition.logEndOffset());
        }
    }

    private String requireTopic(String action) {
        if (topic == null) {
            throw new IllegalArgumentException(action + " needs --topic TOPIC");
        }
        return topic;
    }

    private Map<String, String> parseConfigs() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String config : configs) {
            int eq = config.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--config '" + config + "' is not of the form key=value");
            }
            parsed.put(config.substring(0, eq), config.substring(eq + 1));
        }
        return parsed;
    }
}
