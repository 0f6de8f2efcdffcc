package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kafka-clients consumer of the KIP-848 group protocol subscribed by a broker-side regular
 * expression ({@link SubscriptionPattern}): the broker resolves the pattern and assigns by topic
 * id, and the client then asks for the assigned topics' metadata by id.
 */
class KafkaRegexSubscriptionIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void aConsumerSubscribedByABrokerSideRegexGetsTheMatchingPartitionsAndThoseOfTopicsCreatedLater() {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir)
                .groupHeartbeatIntervalMs(200).groupSessionTimeoutMs(3000).build())) {
            server.broker().createTopic(NewTopic.of("orders-a", 1));
            server.broker().createTopic(NewTopic.of("refunds", 1));
            Properties props = new Properties();
            props.put("bootstrap.servers", server.kafkaBootstrapServers());
            props.put("group.id", "g");
            props.put("group.protocol", "consumer");
            props.put("enable.auto.commit", "false");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(new SubscriptionPattern("orders-.*"));

                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(100));
                    return !consumer.assignment().isEmpty();
                });

                assertThat(consumer.assignment()).containsExactly(new TopicPartition("orders-a", 0));

                // The client sends its regex only when it changes; the broker keeps matching it.
                server.broker().createTopic(NewTopic.of("orders-b", 1));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(100));
                    return consumer.assignment().size() == 2;
                });
                assertThat(consumer.assignment()).containsExactlyInAnyOrder(new TopicPartition("orders-a", 0),
                        new TopicPartition("orders-b", 0));
            }
        }
    }
}
