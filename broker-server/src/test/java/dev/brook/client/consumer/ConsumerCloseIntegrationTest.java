package dev.brook.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a group member the way applications do: a shutdown hook calls {@code wakeup()} while the
 * polling thread is between polls, and the loop then ends and calls {@code close()}. The close
 * must still commit and leave, as Kafka's consumer does.
 */
class ConsumerCloseIntegrationTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dataDir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        server.broker().createTopic(NewTopic.of("t", 1));
        RecordBatchBuilder batch = RecordBatchBuilder.allocate(64 * 1024);
        for (int n = 0; n < 100; n++) {
            batch.append(System.currentTimeMillis(), null, Integer.toString(n).getBytes(StandardCharsets.UTF_8));
        }
        server.broker().append("t", 0, batch.build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Consumer<String, String> member(boolean autoCommit) {
        return Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port()).groupId("g").autoOffsetReset(AutoOffsetReset.EARLIEST)
                .enableAutoCommit(autoCommit).autoCommitIntervalMs(600_000).build());
    }

    private static void readAll(Consumer<String, String> consumer) {
        int read = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (read < 100 && System.nanoTime() < deadline) {
            read += consumer.poll(Duration.ofMillis(100)).count();
        }
        assertThat(read).isEqualTo(100);
    }

    private OffsetAndMetadata committed() {
        try (Consumer<String, String> probe = Consumer.create(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port()).groupId("g").enableAutoCommit(false).build())) {
            return probe.committed(Set.of(TP)).get(TP);
        }
    }

    @Test
    void aWakeupJustBeforeCloseDoesNotStopTheCommitOnClose() {
        Consumer<String, String> consumer = member(true);
        consumer.subscribe(List.of("t"));
        readAll(consumer);

        consumer.wakeup();
        consumer.close();

        assertThat(committed()).isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(100L);
    }

    @Test
    void aWakeupJustBeforeCloseDoesNotFailTheRevocationListenersCommit() {
        Consumer<String, String> consumer = member(false);
        consumer.subscribe(List.of("t"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                consumer.commitSync();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        readAll(consumer);

        consumer.wakeup();
        consumer.close();

        assertThat(committed()).isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(100L);
    }
}
