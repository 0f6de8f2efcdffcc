package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka consumers with {@code group.protocol=consumer} (KIP-848) on Brook's server-side assignment. */
class KafkaConsumerProtocolIntegrationTest {
    private static final long PATIENCE_MS = 30_000;

    @TempDir
    Path dir;
    BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir)
                .groupHeartbeatIntervalMs(200).groupSessionTimeoutMs(3000).build());
        server.broker().createTopic(NewTopic.of("orders", 4));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Properties props = new Properties();
        props.put("bootstrap.servers", server.kafkaBootstrapServers());
        props.put("group.id", group);
        props.put("group.protocol", "consumer");
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Whether the consumer owns two partitions and its position in each is at their end (10 records each). */
    private static boolean caughtUp(KafkaConsumer<String, String> consumer) {
        Set<TopicPartition> owned = consumer.assignment();
        return owned.size() == 2 && owned.stream().allMatch(tp -> consumer.position(tp) == 10);
    }

    private void produce(int from, int to) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", server.kafkaBootstrapServers());
        props.put("enable.idempotence", "false");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>("orders", i % 4, "k" + i, "v" + i)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void twoConsumersSplitTheTopicAndARestartedOneResumesAfterItsCommit() throws Exception {
        produce(0, 40);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> first = consumer("g"); KafkaConsumer<String, String> second = consumer("g")) {
            first.subscribe(List.of("orders"));
            second.subscribe(List.of("orders"));
            long deadline = System.currentTimeMillis() + PATIENCE_MS;
            // Until each holds two partitions and has read them to the end: only then is its commit complete.
            while ((seen.size() < 40 || !caughtUp(first) || !caughtUp(second)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : first.poll(Duration.ofMillis(100))) {
                    seen.add(r.value());
                }
                for (ConsumerRecord<String, String> r : second.poll(Duration.ofMillis(100))) {
                    seen.add(r.value());
                }
            }
            assertThat(first.assignment()).hasSize(2).doesNotContainAnyElementsOf(second.assignment());
            first.commitSync();
            second.commitSync();
        }
        assertThat(seen).hasSize(40);
        produce(40, 48);
        List<String> after = new ArrayList<>();
        try (KafkaConsumer<String, String> restarted = consumer("g")) {
            restarted.subscribe(List.of("orders"));
            long deadline = System.currentTimeMillis() + PATIENCE_MS;
            while (after.size() < 8 && System.currentTimeMillis() < deadline) {
                restarted.poll(Duration.ofMillis(100)).forEach(r -> after.add(r.value()));
            }
            assertThat(restarted.committed(Set.of(new TopicPartition("orders", 0))).get(new TopicPartition("orders", 0))
                    .offset()).isEqualTo(10);
        }
        assertThat(after).containsExactlyInAnyOrder("v40", "v41", "v42", "v43", "v44", "v45", "v46", "v47");
    }
}
