package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started with {@code metrics.enabled=false} and {@code kafka.warmup=false}: it keeps no
 * registries, answers /metrics with 404 saying why, and serves both protocols, the Kafka one built on first use.
 */
class BrookServerWithoutMetricsIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).metricsEnabled(false)
                .kafkaWarmup(false).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void keepsNoRegistriesAndAnswersMetricsWithNotFound() throws Exception {
        assertThatThrownBy(() -> server.meterRegistry()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("metrics.enabled=false");
        assertThatThrownBy(() -> server.scrapeMetrics()).isInstanceOf(IllegalStateException.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("metrics.enabled=false").doesNotContain("brook_info");
    }

    @Test
    void aKafkaProducerIsServedOnTheLazilyBuiltProtocolAndBrooksConsumerReadsIt() throws Exception {
        server.broker().createTopic(NewTopic.of("events", 1));
        assertThat(server.kafkaProtocolBuilt()).isFalse();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                server.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("events", 0, "k", "lazily")).get(30, TimeUnit.SECONDS);
        }
        assertThat(server.kafkaProtocolBuilt()).isTrue();
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                Serdes.stringDeserializer()).bootstrapServer("127.0.0.1:" + server.port())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            consumer.assign(List.of(new TopicPartition("events", 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).containsExactly("lazily");
    }

    @Test
    void theStandaloneDefaultWarmsTheKafkaProtocolUpWithoutAConnection(@TempDir Path otherDir) {
        try (BrookServer warmed = BrookServer.start(ServerConfig.builder().port(0).httpEnabled(false)
                .dataDir(otherDir).build())) {
            await().atMost(Duration.ofSeconds(30)).until(warmed::kafkaProtocolBuilt);
            assertThat(warmed.connectionCount()).isZero();
        }
    }
}
