package dev.brook.server.cli;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.TopicInfo;
import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.consumer.ConsumerRecords;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import java.io.PrintWriter;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook perf-consumer}: reads {@code --num-records} records from the beginning of a topic
 * as fast as it can and reports throughput in the columns of Kafka's
 * {@code kafka-consumer-perf-test.sh}, with a progress line every five seconds. With
 * {@code --group} it joins that consumer group instead, starting at the group's committed offsets
 * (else the beginning) and committing as it goes.
 */
@Command(name = "perf-consumer", mixinStandardHelpOptions = true, description = "Measure consumer throughput.")
final class PerfConsumerCommand implements Callable<Integer> {
    static final String HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
            + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC")
    String topic;

    @Option(names = "--num-records", required = true, paramLabel = "N")
    long numRecords;

    @Option(names = "--group", paramLabel = "GROUP", description = "Join this consumer group.")
    String group;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "10000",
            description = "Give up after this long without a record (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<TopicPartition> partitions = new ArrayList<>();
        if (group == null) {
            try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security()).build())) {
                for (TopicInfo.PartitionInfo p : Futures.await(admin.describeTopics(List.of(topic))).get(topic)
                        .partitions()) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
        }
        // With a group: start at its committed offsets, else at the beginning; auto-commit as it goes.
        ConsumerConfig<byte[], byte[]> config = ConsumerConfig
                .builder(Serdes.byteArrayDeserializer(), Serdes.byteArrayDeserializer())
                .bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security()).clientId("perf-consumer").groupId(group)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build();
        long records = 0;
        long bytes = 0;
        long startMs = System.currentTimeMillis();
        long start = System.nanoTime();
        long lastReport = start;
        long lastRecord = start;
        out.println(HEADER);
        try (Consumer<byte[], byte[]> consumer = Consumer.create(config)) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            while (records < numRecords) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (batch.isEmpty()) {
                    if ((now - lastRecord) / 1_000_000 > timeoutMs) {
                        throw new IllegalStateException("no record for " + timeoutMs + " ms after " + records
                                + " of " + numRecords + "; is the topic that large?");
                    }
                    continue;
                }
                lastRecord = now;
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    bytes += Math.max(0, record.serializedValueSize()) + Math.max(0, record.serializedKeySize());
                }
                if (now - lastReport >= REPORT_INTERVAL_NS) {
                    out.println(line(startMs, start, now, records, bytes));
                    out.flush();
                    lastReport = now;
                }
            }
        }
        out.println(line(startMs, start, System.nanoTime(), records, bytes));
        out.flush();
        return 0;
    }

    static String line(long startMs, long startNs, long nowNs, long records, long bytes) {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS");
        double seconds = Math.max(nowNs - startNs, 1) / 1e9;
        double megabytes = bytes / (1024.0 * 1024.0);
        long elapsedMs = (nowNs - startNs) / 1_000_000;
        return String.format("%s, %s, %.4f, %.4f, %d, %.4f, 0, %d, %.4f, %.4f",
                format.format(new Date(startMs)), format.format(new Date(startMs + elapsedMs)), megabytes,
                megabytes / seconds, records, records / seconds, elapsedMs, megabytes / seconds, records / seconds);
    }
}
