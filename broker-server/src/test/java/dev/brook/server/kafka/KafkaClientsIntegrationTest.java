package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsIntegrationTest {
    @TempDir
    Path dir;
    BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theDefaultIdempotentProducerWritesEveryCompressionType() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
        List<String> types = List.of("none", "gzip", "snappy", "lz4", "zstd");
        for (String type : types) {
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, type);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    sent.add(producer.send(new ProducerRecord<>("compressed", 0, "k" + i, type + "-" + i)));
                }
                for (java.util.concurrent.Future<RecordMetadata> future : sent) {
                    future.get();
                }
            }
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(Set.of(new TopicPartition("compressed", 0)));
            long deadline = System.currentTimeMillis() + 15_000;
            while (values.size() < 1000 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).hasSize(1000);
        for (int t = 0; t < types.size(); t++) {
            assertThat(values.get(t * 200)).isEqualTo(types.get(t) + "-0");
            assertThat(values.get(t * 200 + 199)).isEqualTo(types.get(t) + "-199");
        }
    }

    @Test
    void kafkaClientsWithTheirDefaultsCreateProduceAndConsume() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains("events");
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                sent.add(producer.send(new ProducerRecord<>("events", i % 2, "k" + i, "v" + i)).get());
            }
        }
        assertThat(sent.get(98).offset()).isEqualTo(49);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(Set.of(new TopicPartition("events", 0), new TopicPartition("events", 1)));
            long deadline = System.currentTimeMillis() + 15_000;
            while (received.size() < 100 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).hasSize(100);
        assertThat(received.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::value).limit(3))
                .containsExactly("v0", "v2", "v4");
    }
}
