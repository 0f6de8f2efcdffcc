package dev.brook.examples;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An embedded broker, a topic, a producer and a consumer in about ten lines: the broker starts in
 * this JVM on a free port with its data in a temporary directory.
 *
 * <p>Run: {@code examples/run.sh ProducerConsumerQuickstart}
 */
public final class ProducerConsumerQuickstart {
    private ProducerConsumerQuickstart() {
    }

    public static void main(String[] args) throws Exception {
        run(Files.createTempDirectory("brook-example"), System.out);
    }

    static void run(Path dataDir, PrintStream out) throws Exception {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
                Producer<String, String> producer = new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(),
                        Serdes.stringSerializer()).bootstrapServer("127.0.0.1:" + server.port()).build());
                Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                        Serdes.stringDeserializer()).bootstrapServer("127.0.0.1:" + server.port())
                        .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            server.broker().createTopic(NewTopic.of("greetings", 1));
            producer.send(new ProducerRecord<>("greetings", "hello", "brook")).get();
            consumer.assign(List.of(new TopicPartition("greetings", 0)));
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(10))) {
                out.println(record.offset() + ": " + record.key() + " = " + record.value());
            }
        }
    }
}
