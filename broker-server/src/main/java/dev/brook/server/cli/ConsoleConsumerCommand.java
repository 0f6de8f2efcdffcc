package dev.brook.server.cli;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.TopicInfo;
import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.consumer.OffsetAndMetadata;
import dev.brook.client.consumer.WakeupException;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook console-consumer}: prints a topic's record values, one per line, as Kafka's
 * {@code kafka-console-consumer.sh} does, optionally with timestamp, partition, offset and key.
 * Ends after {@code --max-messages}, after {@code --timeout-ms} without a new record, or on Ctrl-C.
 * With {@code --group} it joins that consumer group and reads the partitions the group gives it,
 * committing the offsets of the records it printed after each poll; {@code --from-beginning} then
 * applies only to partitions the group has committed nothing for.
 */
@Command(name = "console-consumer", mixinStandardHelpOptions = true, description = "Print the records of a topic.")
final class ConsoleConsumerCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long Ctrl-C waits for the consumer to leave its group and the summary to be printed. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest record rather than the latest.")
    boolean fromBeginning;

    @Option(names = "--partition", paramLabel = "P", description = "Read only this partition.")
    Integer partition;

    @Option(names = "--group", paramLabel = "GROUP", description = "Join this consumer group.")
    String group;

    @Option(names = "--max-messages", paramLabel = "N", defaultValue = "-1", description = "Stop after N records.")
    long maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "-1",
            description = "Stop after this long without a new record.")
    long timeoutMs;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "print.key, print.timestamp, print.offset, print.partition (true|false), key.separator (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (group != null && partition != null) {
            throw new IllegalArgumentException("--partition cannot be used with --group: the group assigns the"
                    + " partitions");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean printKey = flag("print.key");
        boolean printTimestamp = flag("print.timestamp");
        boolean printOffset = flag("print.offset");
        boolean printPartition = flag("print.partition");
        String separator = properties.getOrDefault("key.separator", "\t");
        List<TopicPartition> partitions = group == null ? partitions() : List.of();
        // With a group, --from-beginning only matters where the group has committed nothing, as in Kafka.
        // Offsets are committed here for exactly the records printed, not by auto-commit, which could
        // commit records a poll returned past --max-messages.
        ConsumerConfig<String, String> config = ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security()).clientId("console-consumer")
                .groupId(group).enableAutoCommit(false)
                .autoOffsetReset(fromBeginning ? AutoOffsetReset.EARLIEST : AutoOffsetReset.LATEST)
                .build();
        long printed = 0;
        CountDownLatch finished = new CountDownLatch(1);
        try {
            try (Consumer<String, String> consumer = Consumer.create(config)) {
                // Ctrl-C: wake the poll, then hold the JVM until the loop below has closed the consumer
                // (which leaves the group, so that a new run gets the partitions at once) and printed
                // its summary, as Kafka's tool does.
                Thread stopper = new StopOnSignal(consumer, finished);
                Runtime.getRuntime().addShutdownHook(stopper);
                if (group != null) {
                    consumer.subscribe(List.of(topic));
                } else {
                    consumer.assign(partitions);
                    if (fromBeginning) {
                        consumer.seekToBeginning(partitions);
                    }
                }
                long lastRecordAt = System.nanoTime();
                try {
                    while (maxMessages < 0 || printed < maxMessages) {
                        boolean any = false;
                        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
                        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                            any = true;
                            toCommit.put(new TopicPartition(record.topic(), record.partition()),
                                    new OffsetAndMetadata(record.offset() + 1));
                            StringBuilder line = new StringBuilder();
                            if (printTimestamp) {
                                line.append(record.timestampType().configName()).append(':').append(record.timestamp())
                                        .append('\t');
                            }
                            if (printPartition) {
                                line.append("Partition:").append(record.partition()).append('\t');
                            }
                            if (printOffset) {
                                line.append("Offset:").append(record.offset()).append('\t');
                            }
                            if (printKey) {
                                line.append(record.key()).append(separator);
                            }
                            line.append(record.value());
                            out.println(line);
                            if (maxMessages >= 0 && ++printed >= maxMessages) {
                                break;
                            } else if (maxMessages < 0) {
                                printed++;
                            }
                        }
                        out.flush();
                        if (group != null && !toCommit.isEmpty()) {
                            consumer.commitSync(toCommit);
                        }
                        if (any) {
                            lastRecordAt = System.nanoTime();
                        } else if (timeoutMs >= 0 && (System.nanoTime() - lastRecordAt) / 1_000_000 >= timeoutMs) {
                            break;
                        }
                    }
                } catch (WakeupException stopped) {
                    // Ctrl-C: finish quietly, as Kafka's tool does.
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is already stopping.
                }
            }
            out.flush();
            spec.commandLine().getErr().println("Processed a total of " + printed + " messages");
            spec.commandLine().getErr().flush();
        } finally {
            finished.countDown();
        }
        return 0;
    }

    /**
     * The shutdown hook. A class of its own rather than a lambda: picocli reads this command's
     * declared methods when any command starts, and a lambda's method taking the consumer would
     * load the client for every command, the broker's included.
     */
    private static final class StopOnSignal extends Thread {
        private final Consumer<String, String> consumer;
        private final CountDownLatch finished;

        StopOnSignal(Consumer<String, String> consumer, CountDownLatch finished) {
            super("console-consumer-stop");
            this.consumer = consumer;
            this.finished = finished;
        }

        @Override
        public void run() {
            consumer.wakeup();
            try {
                finished.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean flag(String name) {
        return Boolean.parseBoolean(properties.getOrDefault(name, "false"));
    }

    private List<TopicPartition> partitions() throws Exception {
        if (partition != null) {
            return List.of(new TopicPartition(topic, partition));
        }
        try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security())
                .clientId("console-consumer").build())) {
            TopicInfo info = Futures.await(admin.describeTopics(List.of(topic))).get(topic);
            List<TopicPartition> all = new ArrayList<>();
            for (TopicInfo.PartitionInfo p : info.partitions()) {
                all.add(new TopicPartition(topic, p.partition()));
            }
            return all;
        }
    }
}
