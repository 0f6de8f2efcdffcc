package dev.brook.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@BrookTest(config = "num.partitions=2")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassBrokerTest {
    private static int portInBeforeAll;
    private BrookBroker field;

    @BeforeAll
    static void createTopic(BrookBroker brook) {
        brook.createTopic("events", 1);
        portInBeforeAll = brook.port();
    }

    @Test
    @Order(1)
    void aKafkaProducerWritesAndBrooksConsumerReads(BrookBroker brook) throws Exception {
        assertThat(brook.port()).isEqualTo(portInBeforeAll);
        assertThat(field).isSameAs(brook);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                brook.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("events", "k", "hello")).get(10, TimeUnit.SECONDS);
        }
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                Serdes.stringDeserializer()).bootstrapServer(brook.bootstrapServers())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            consumer.assign(List.of(new TopicPartition("events", 0)));
            consumer.poll(Duration.ofSeconds(10)).forEach(r -> values.add(r.value()));
        }
        assertThat(values).containsExactly("hello");
    }

    @Test
    @Order(2)
    void theClassSharesOneBrokerAndItsSettingsApply(BrookBroker brook) {
        assertThat(brook.port()).isEqualTo(portInBeforeAll);
        assertThat(brook.broker().logEndOffset("events", 0)).isEqualTo(1);
        assertThat(brook.server().config().numPartitions()).isEqualTo(2);
        assertThat(brook.dataDir()).exists();
    }
}
