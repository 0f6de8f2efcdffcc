package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records produced over one listener are read over the other: one log, one byte format. */
class CrossProtocolIntegrationTest {
    private static final long PATIENCE_MS = 15_000;

    @TempDir
    Path dir;
    BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build());
        server.broker().createTopic(NewTopic.of("shared", 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void kafkaProducersRecordsAreReadByBrooksConsumer() throws Exception {
        for (String compression : List.of("none", "gzip")) {
            Properties props = new Properties();
            props.put("bootstrap.servers", server.kafkaBootstrapServers());
            props.put("compression.type", compression);
            props.put("enable.idempotence", "false");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("shared", 0, "k" + i, compression + i)).get(10, TimeUnit.SECONDS);
                }
            }
        }
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port()).autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            consumer.assign(Set.of(new TopicPartition("shared", 0)));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + PATIENCE_MS;
            while (values.size() < 10 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).containsExactly("none0", "none1", "none2", "none3", "none4",
                    "gzip0", "gzip1", "gzip2", "gzip3", "gzip4");
        }
    }

    @Test
    void brooksProducersRecordsAreReadByKafkasConsumer() throws Exception {
        try (Producer<String, String> producer = new Producer<>(ProducerConfig
                .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port()).build())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new dev.brook.client.producer.ProducerRecord<>("shared", "k" + i, "v" + i))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", server.kafkaBootstrapServers());
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(Set.of(new org.apache.kafka.common.TopicPartition("shared", 0)));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + PATIENCE_MS;
            while (values.size() < 20 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
            }
            assertThat(values).hasSize(20).startsWith("k0=v0", "k1=v1").endsWith("k19=v19");
        }
    }
}
