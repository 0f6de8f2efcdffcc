package dev.brook.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import dev.brook.server.NetworkTransport;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A test broker with the extension's defaults: no HTTP listener, no metrics, and a Kafka listener
 * whose protocol is built on its first connection; it still serves both protocols.
 */
@BrookTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestBrokerDefaultsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    @Order(1)
    void hasNoHttpListenerAndKeepsNoMetrics(BrookBroker brook) {
        assertThat(brook.server().config().httpEnabled()).isFalse();
        assertThat(brook.server().config().metricsEnabled()).isFalse();
        assertThatThrownBy(() -> brook.server().httpPort()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("http.enabled=false");
        assertThatThrownBy(() -> brook.server().meterRegistry()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("metrics.enabled=false");
    }

    @Test
    @Order(1)
    void startsLightOnNioInADirectoryOnlyItsUserCanEnter(BrookBroker brook) throws Exception {
        assertThat(brook.server().config().networkTransport()).isEqualTo(NetworkTransport.NIO);
        assertThat(System.getProperty("io.netty.jfr.enabled")).as("Netty's allocator events, unless the JVM asks")
                .isEqualTo("false");
        assertThat(brook.dataDir().getFileName().toString()).startsWith("brook-test-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(brook.dataDir())))
                .isEqualTo("rwx------");
    }

    @Test
    @Order(2)
    void servesBrooksProtocolWithoutBuildingTheKafkaOne(BrookBroker brook) throws Exception {
        brook.createTopic("brook-only", 1);
        try (Producer<String, String> producer = new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(),
                Serdes.stringSerializer()).bootstrapServer(brook.bootstrapServers()).build())) {
            producer.send(new ProducerRecord<>("brook-only", "k", "over brook")).get(30, TimeUnit.SECONDS);
        }
        assertThat(consumeWithBrook(brook, "brook-only")).containsExactly("over brook");
        assertThat(brook.server().kafkaProtocolBuilt()).as("no Kafka client has connected yet").isFalse();
    }

    @Test
    @Order(3)
    void buildsTheKafkaProtocolOnItsFirstConnection(BrookBroker brook) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                brook.kafkaBootstrapServers(), "auto.offset.reset", "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("brook-only", 0)));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).containsExactly("over brook");
        assertThat(brook.server().kafkaProtocolBuilt()).isTrue();
    }

    static List<String> consumeWithBrook(BrookBroker brook, String topic) {
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                Serdes.stringDeserializer()).bootstrapServer(brook.bootstrapServers())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
