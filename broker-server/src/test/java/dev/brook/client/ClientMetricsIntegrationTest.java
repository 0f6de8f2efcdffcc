package dev.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Producer's and Consumer's metrics in an application's registry, against a real broker. */
class ClientMetricsIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        server.broker().createTopic(NewTopic.of("events", 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void producerAndConsumerRecordWhatTheySentAndConsumed() throws Exception {
        try (Producer<String, String> producer = new Producer<>(ProducerConfig
                .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port()).clientId("p1").meterRegistry(registry).build())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>("events", "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
            assertThat(registry.get("brook.producer.records.sent").tag("client_id", "p1").counter().count()).isEqualTo(6);
            assertThat(registry.get("brook.producer.batch.size").summary().totalAmount()).isPositive();
            assertThat(registry.get("brook.producer.request.latency").tag("outcome", "success").timer().count())
                    .isPositive();
            assertThat(registry.get("brook.producer.buffer.used").gauge().value()).isGreaterThanOrEqualTo(0);
        }
        assertThat(registry.find("brook.producer.records.sent").meters()).as("removed on close").isEmpty();

        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port()).clientId("c1").meterRegistry(registry)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(4).build())) {
            consumer.assign(List.of(new TopicPartition("events", 0)));
            AtomicInteger received = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                received.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                return received.get() >= 4;
            });

            assertThat(registry.get("brook.consumer.records.consumed").tag("topic", "events").counter().count())
                    .isEqualTo(received.get());
            assertThat(registry.get("brook.consumer.fetch.latency").tag("outcome", "success").timer().count())
                    .isPositive();
            assertThat(registry.get("brook.consumer.lag").tag("partition", "0").gauge().value()).isBetween(0.0, 6.0);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                received.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                return received.get() == 6 && registry.get("brook.consumer.lag").gauge().value() == 0;
            });
            assertThat(registry.get("brook.consumer.records.consumed").counter().count()).isEqualTo(6);
        }
    }
}
