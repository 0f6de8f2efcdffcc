package dev.brook.examples;

import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.consumer.OffsetAndTimestamp;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading from a point in time: readings stamped one minute apart, then a consumer that asks
 * {@code offsetsForTimes} for the first reading at or after 10:30 and reads from there.
 *
 * <p>Run: {@code examples/run.sh ReadFromATime}
 */
public final class ReadFromATime {
    private ReadFromATime() {
    }

    public static void main(String[] args) throws Exception {
        run(Files.createTempDirectory("brook-example"), System.out);
    }

    /** Returns the values read from 10:30 on. */
    static List<String> run(Path dataDir, PrintStream out) throws Exception {
        Instant tenOClock = Instant.parse("2026-11-25T10:00:00Z");
        TopicPartition readings = new TopicPartition("readings", 0);
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build())) {
            String bootstrap = "127.0.0.1:" + server.port();
            server.broker().createTopic(NewTopic.of("readings", 1));
            try (Producer<String, String> producer = new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(),
                    Serdes.stringSerializer()).bootstrapServer(bootstrap).build())) {
                for (int minute = 0; minute < 60; minute++) {
                    long timestamp = tenOClock.plusSeconds(60L * minute).toEpochMilli();
                    producer.send(new ProducerRecord<String, String>("readings", 0, timestamp, null, "reading at 10:"
                            + (minute < 10 ? "0" : "") + minute, List.of()));
                }
                producer.flush();
            }
            List<String> values = new ArrayList<>();
            try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(
                    Serdes.stringDeserializer(), Serdes.stringDeserializer()).bootstrapServer(bootstrap).build())) {
                long half = tenOClock.plusSeconds(30 * 60).toEpochMilli();
                OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(readings, half)).get(readings);
                out.println("the first reading at or after 10:30 is at offset " + found.offset());
                consumer.assign(List.of(readings));
                consumer.seek(readings, found.offset());
                while (values.size() < 30) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(10))) {
                        values.add(record.value());
                    }
                }
            }
            out.println("read " + values.size() + " readings, from '" + values.get(0) + "' to '"
                    + values.get(values.size() - 1) + "'");
            return values;
        }
    }
}
