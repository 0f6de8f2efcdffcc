package dev.brook.server.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook mirror}: copies topics from a Brook broker to an Apache Kafka cluster (or any broker
 * that speaks Kafka's protocol), for moving to a cluster when one machine is no longer enough.
 *
 * <p>For each topic it creates the target topic if missing (same partition count and topic
 * settings), then copies every record partition to partition with its key, value, headers and
 * timestamp, through Brook's Kafka listener and kafka-clients. Progress is committed on the source
 * as the consumer group {@code --group} only after the target acknowledged the records
 * ({@code acks=all}, idempotent), so a stopped mirror resumes where it was and copies nothing
 * twice, except what was sent but not yet committed when it stopped (at least once). Without
 * {@code --follow} it stops once it reached the end offsets it saw when it started.
 */
@Command(name = "mirror", mixinStandardHelpOptions = true,
        description = "Copy topics from Brook to an Apache Kafka cluster.")
final class MirrorCommand implements Callable<Integer> {
    @Option(names = "--source", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Brook's Kafka listener (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT[,...]",
            description = "The target cluster's bootstrap servers.")
    String target;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "A topic to copy (repeatable).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--include", paramLabel = "REGEX", description = "Copy the topics whose names match.")
    String include;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "brook-mirror",
            description = "The source consumer group that holds the mirror's progress (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
            description = "Replication factor of topics created on the target (default: the cluster's).")
    short replicationFactor;

    @Option(names = "--follow", description = "Keep copying new records until stopped (Ctrl-C).")
    boolean follow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (topics.isEmpty() && include == null) {
            throw new IllegalArgumentException("name topics with --topic, or a pattern with --include ('.*' for all)");
        }
        try (Admin sourceAdmin = Admin.create(Map.of("bootstrap.servers", source));
                Admin targetAdmin = Admin.create(Map.of("bootstrap.servers", target))) {
            Set<String> selected = select(sourceAdmin);
            if (selected.isEmpty()) {
                throw new IllegalArgumentException("no topic on " + source + " matches " + (include != null ? include : topics));
            }
            Map<String, TopicDescription> described = sourceAdmin.describeTopics(selected).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            prepareTargets(sourceAdmin, targetAdmin, described);
            long copied = copy(described);
            spec.commandLine().getOut().println("mirrored " + copied + " record(s) of " + selected.size() + " topic(s) from " + source
                    + " to " + target);
        }
        return 0;
    }

    private Set<String> select(Admin sourceAdmin) throws Exception {
        Set<String> selected = new TreeSet<>(topics);
        if (include != null) {
            Pattern pattern = Pattern.compile(include);
            for (String name : sourceAdmin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (pattern.matcher(name).matches()) {
                    selected.add(name);
                }
            }
        }
        return selected;
    }

    /** Creates missing target topics like their sources; an existing one must have enough partitions. */
    private void prepareTargets(Admin sourceAdmin, Admin targetAdmin, Map<String, TopicDescription> described)
            throws Exception {
        Set<String> existing = targetAdmin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<ConfigResource> resources = described.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = sourceAdmin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        List<NewTopic> toCreate = new ArrayList<>();
        for (TopicDescription topic : described.values()) {
            int partitions = topic.partitions().size();
            if (existing.contains(topic.name())) {
                int there = targetAdmin.describeTopics(List.of(topic.name())).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(topic.name()).partitions().size();
                if (there < partitions) {
                    throw new IllegalStateException("topic " + topic.name() + " has " + there + " partitions on the target"
                            + " but " + partitions + " on the source; records must keep their partition");
                }
                continue;
            }
            Map<String, String> overrides = new HashMap<>();
            for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).entries()) {
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    overrides.put(entry.name(), entry.value());
                }
            }
            toCreate.add(new NewTopic(topic.name(), Optional.of(partitions),
                    replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor)).configs(overrides));
        }
        if (!toCreate.isEmpty()) {
            targetAdmin.createTopics(toCreate).all().get(60, TimeUnit.SECONDS);
            for (NewTopic created : toCreate) {
                spec.commandLine().getOut().println("created " + created.name() + " on " + target + " with " + created.numPartitions()
                        + " partition(s)" + (created.configs().isEmpty() ? "" : " and " + created.configs()));
            }
        }
    }

    private long copy(Map<String, TopicDescription> described) throws InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(topic -> topic.partitions().forEach(
                p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", source);
        consumerProps.put("group.id", group);
        consumerProps.put("enable.auto.commit", "false");
        consumerProps.put("auto.offset.reset", "earliest");
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", target);
        producerProps.put("acks", "all");
        producerProps.put("enable.idempotence", "true");
        producerProps.put("linger.ms", "10");
        long copied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            // Assigned, not subscribed: the mirror is one process that owns every partition; the group only keeps progress.
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (follow || partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    sent.add(producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
                            record.key(), record.value(), record.headers())));
                }
                // Only what the target acknowledged counts as copied: a failure stops the mirror
                // before its progress moves past the records that failed.
                producer.flush();
                for (Future<RecordMetadata> future : sent) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("the target refused a record: " + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    progress.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                }
                consumer.commitSync(progress);
                copied += records.count();
            }
        }
        return copied;
    }
}
