package dev.brook.examples;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An application written for Apache Kafka, unchanged, against Brook's Kafka listener: Kafka's
 * AdminClient, KafkaProducer (idempotent, acks=all, its defaults) and a KafkaConsumer in a group.
 * Only {@code bootstrap.servers} points at Brook.
 *
 * <p>Run: {@code examples/run.sh KafkaClientsApplication} (an embedded broker), or
 * {@code examples/run.sh KafkaClientsApplication 127.0.0.1:9092} against {@code bin/brook server}.
 */
public final class KafkaClientsApplication {
    private KafkaClientsApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            run(args[0], System.out);
            return;
        }
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0)
                .dataDir(Files.createTempDirectory("brook-example")).build())) {
            run(server.kafkaBootstrapServers(), System.out);
        }
    }

    static List<String> run(String bootstrapServers, PrintStream out) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            if (!admin.listTopics().names().get().contains("orders")) {
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
            }
        }
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", bootstrapServers);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 1; i <= 5; i++) {
                producer.send(new ProducerRecord<>("orders", "order-" + i, "order " + i + " placed")).get();
            }
        }
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", bootstrapServers);
        consumerProps.put("group.id", "order-service");
        consumerProps.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 5 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    out.println("partition " + record.partition() + ", offset " + record.offset() + ": " + record.key()
                            + " -> " + record.value());
                    values.add(record.value());
                }
            }
            consumer.commitSync();
        }
        return values;
    }
}
