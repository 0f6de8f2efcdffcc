package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka consumers with their default, classic group protocol, and Kafka's admin client on groups. */
class KafkaClassicGroupIntegrationTest {
    private static final long PATIENCE_MS = 30_000;

    @TempDir
    Path dir;
    BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build());
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
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        // Notice a rebalance quickly: the other member learns of it at its next heartbeat.
        props.put("heartbeat.interval.ms", "200");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", server.kafkaBootstrapServers()));
    }

    /** Whether the consumer owns two partitions and its position in each is at their end (10 records each). */
    private static boolean caughtUp(KafkaConsumer<String, String> consumer) {
        Set<TopicPartition> owned = consumer.assignment();
        return owned.size() == 2 && owned.stream().allMatch(tp -> consumer.position(tp) == 10);
    }

    private void produce(int from, int to) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", server.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>("orders", i % 4, "k" + i, "v" + i)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void twoClassicConsumersSplitTheTopicCommitAndARestartedOneResumes() throws Exception {
        produce(0, 40);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> first = consumer("classic");
                KafkaConsumer<String, String> second = consumer("classic")) {
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
            try (Admin admin = admin()) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("classic")).all().get()
                        .get("classic");
                assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(group.type()).isEqualTo(GroupType.CLASSIC);
                assertThat(group.members()).hasSize(2);
                assertThat(group.members()).allSatisfy(m -> assertThat(m.assignment().topicPartitions()).hasSize(2));
                assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("classic")).all().get())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
            }
        }
        assertThat(seen).hasSize(40);
        produce(40, 48);
        List<String> after = new ArrayList<>();
        try (KafkaConsumer<String, String> restarted = consumer("classic")) {
            restarted.subscribe(List.of("orders"));
            long deadline = System.currentTimeMillis() + PATIENCE_MS;
            while (after.size() < 8 && System.currentTimeMillis() < deadline) {
                restarted.poll(Duration.ofMillis(100)).forEach(r -> after.add(r.value()));
            }
        }
        assertThat(after).containsExactlyInAnyOrder("v40", "v41", "v42", "v43", "v44", "v45", "v46", "v47");
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("classic")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed.get(new TopicPartition("orders", 0)).offset()).isEqualTo(10);
            List<String> groups = new ArrayList<>();
            for (GroupListing listing : admin.listGroups().all().get()) {
                groups.add(listing.groupId() + ":" + listing.type().orElseThrow());
            }
            assertThat(groups).contains("classic:" + GroupType.CLASSIC);
            admin.deleteConsumerGroups(List.of("classic")).all().get();
            assertThat(admin.listConsumerGroupOffsets("classic").partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }

    @Test
    void aConsumerWithAssignedPartitionsCommitsOutsideAnyGroup() throws Exception {
        produce(0, 4);
        try (KafkaConsumer<String, String> consumer = consumer("manual")) {
            consumer.assign(List.of(new TopicPartition("orders", 1)));
            consumer.commitSync(Map.of(new TopicPartition("orders", 1), new OffsetAndMetadata(1, "note")));
            OffsetAndMetadata committed = consumer.committed(Set.of(new TopicPartition("orders", 1)))
                    .get(new TopicPartition("orders", 1));
            assertThat(committed.offset()).isEqualTo(1);
            assertThat(committed.metadata()).isEqualTo("note");
        }
    }
}
