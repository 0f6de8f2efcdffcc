package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook mirror} between two brokers over Kafka's protocol: a second Brook stands in for the
 * Kafka cluster here (docs/scaling.md shows it against Apache Kafka).
 */
class MirrorCommandIntegrationTest {
    @TempDir
    Path dir;
    BrookServer source;
    BrookServer target;

    @BeforeEach
    void start() {
        source = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("source")).build());
        target = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("target")).build());
    }

    @AfterEach
    void stop() {
        source.close();
        target.close();
    }

    private String mirror(String... extra) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("mirror", "--source", source.kafkaBootstrapServers(), "--target",
                target.kafkaBootstrapServers()));
        args.addAll(List.of(extra));
        int code = BrookCommand.execute(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }

    private void produce(int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                source.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("n", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>("orders", i % 3, 1_000_000L + i, "k" + i, "v" + i, headers))
                        .get(10, TimeUnit.SECONDS);
            }
        }
    }

    private List<String> targetRecords() {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                target.kafkaBootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                    new TopicPartition("orders", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.partition() + ":" + r.key() + "=" + r.value() + "@" + r.timestamp() + "#"
                            + new String(r.headers().lastHeader("n").value(), StandardCharsets.UTF_8));
                }
            }
        }
        return seen;
    }

    @Test
    void copiesTopicsWithTheirSettingsAndRecordsAndResumesWhereItStopped() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", source.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1).configs(Map.of("retention.ms", "3600000"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        produce(0, 30);

        assertThat(mirror("--topic", "orders")).contains("created orders on").contains("mirrored 30 record(s) of 1 topic(s)");

        assertThat(target.broker().describeTopic("orders").partitionCount()).isEqualTo(3);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", target.kafkaBootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                    .isEqualTo("3600000");
        }
        List<String> first = targetRecords();
        assertThat(first).hasSize(30).contains("0:k0=v0@1000000#0", "2:k29=v29@1000029#29");

        produce(30, 40);
        assertThat(mirror("--include", "ord.*")).contains("mirrored 10 record(s)");
        List<String> second = targetRecords();
        assertThat(second).hasSize(40).doesNotHaveDuplicates().contains("0:k30=v30@1000030#30");
    }
}
