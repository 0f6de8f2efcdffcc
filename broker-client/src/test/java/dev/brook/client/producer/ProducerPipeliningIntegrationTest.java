package dev.brook.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.errors.TimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the producer's sender uses its connection: several partitions in one request, several
 * requests in flight, order per partition across a broken connection, and memory still bounded,
 * against a {@link ScriptedBroker} on 127.0.0.1 that shows each request and decides when it is
 * answered.
 */
@Timeout(120)
class ProducerPipeliningIntegrationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private ScriptedBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new ScriptedBroker("events", 4);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private ProducerConfig.Builder<String, String> config() {
        return ProducerConfig.builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer(broker.address()).retryBackoffMs(10);
    }

    @Test
    void readyBatchesOfEveryPartitionGoInOneRequest() throws Exception {
        try (Producer<String, String> producer = new Producer<>(config().lingerMs(3_600_000).build())) {
            for (int p = 0; p < 4; p++) {
                producer.send(new ProducerRecord<>("events", p, null, "to " + p));
            }
            producer.flush();
        }
        assertThat(broker.produces()).extracting(ScriptedBroker.Produce::partitions)
                .containsExactly(Set.of(0, 1, 2, 3));
        for (int p = 0; p < 4; p++) {
            assertThat(broker.stored(p)).containsExactly("to " + p);
        }
    }

    @Test
    void upToMaxInFlightRequestsAwaitTheirAnswersAndEachPartitionKeepsItsOrder() throws Exception {
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        // Requests of at most one 1 KiB batch, so that there are many whatever the timing.
        try (Producer<String, String> producer = new Producer<>(config().batchSize(1024).maxRequestSize(1024)
                .lingerMs(0).maxInFlightRequests(3).build())) {
            holdProduceAnswers(producer);
            for (int i = 0; i < 2_000; i++) {
                sent.add(producer.send(new ProducerRecord<>("events", i % 2, null, record(i))));
            }
            await().atMost(DEADLINE).until(() -> broker.unanswered() == 3);
            broker.release();
            producer.flush();
        }
        assertThat(broker.maxUnanswered()).isEqualTo(3);
        assertThat(broker.produces().size()).isGreaterThan(3);
        for (int p = 0; p < 2; p++) {
            List<String> expected = new ArrayList<>();
            for (int i = p; i < 2_000; i += 2) {
                expected.add(record(i));
            }
            assertThat(broker.stored(p)).containsExactlyElementsOf(expected);
        }
        for (int i = 0; i < sent.size(); i++) {
            RecordMetadata metadata = sent.get(i).get(30, TimeUnit.SECONDS);
            assertThat(metadata.offset()).as("offset of record %d", i).isEqualTo(i / 2);
        }
    }

    @Test
    void requestsLostWithABrokenConnectionAreSentAgainInOrder() throws Exception {
        // The first five Produce requests (several in flight at once) are read and dropped, then the
        // connection breaks: each fails and comes back into its partition's queue, in whatever order
        // their failures arrive; they must still be stored in the order they were sent.
        broker.dropConnectionAfter(5);
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<String, String> producer = new Producer<>(config().batchSize(512).maxRequestSize(1024)
                .lingerMs(0).build())) {
            for (int i = 0; i < 1_000; i++) {
                sent.add(producer.send(new ProducerRecord<>("events", 0, null, record(i))));
            }
            producer.flush();
        }
        for (CompletableFuture<RecordMetadata> future : sent) {
            assertThat(future).isCompleted().isNotCompletedExceptionally();
        }
        assertThat(broker.produces()).extracting(ScriptedBroker.Produce::connection).contains(1, 2);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            expected.add(record(i));
        }
        assertThat(broker.stored(0)).containsExactlyElementsOf(expected);
    }

    @Test
    void oneInFlightRequestKeepsOneRequestAtATime() throws Exception {
        try (Producer<String, String> producer = new Producer<>(config().batchSize(1024).maxRequestSize(1024)
                .lingerMs(0).maxInFlightRequests(1).build())) {
            holdProduceAnswers(producer);
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>("events", i % 4, null, record(i)));
            }
            await().atMost(DEADLINE).until(() -> broker.unanswered() == 1);
            int requestsBeforeRelease = broker.produces().size();
            broker.release();
            producer.flush();
            assertThat(requestsBeforeRelease).isEqualTo(1);
        }
        assertThat(broker.maxUnanswered()).isEqualTo(1);
        assertThat(broker.stored(0)).hasSize(125).startsWith(record(0), record(4));
    }

    @Test
    void pipeliningStillBlocksSendsWhenBufferMemoryIsUsedUp() throws Exception {
        try (Producer<String, String> producer = new Producer<>(config().batchSize(1024).bufferMemory(4096)
                .lingerMs(0).maxBlockMs(2_000).build())) {
            holdProduceAnswers(producer);
            CompletableFuture<RecordMetadata> blocked = null;
            int accepted = 0;
            for (int i = 0; i < 1_000 && blocked == null; i++) {
                CompletableFuture<RecordMetadata> future = producer.send(new ProducerRecord<>("events", 0, null,
                        record(i)));
                if (future.isCompletedExceptionally()) {
                    blocked = future;
                } else {
                    accepted++;
                }
            }
            assertThat(blocked).as("a send once buffer.memory is used up").isNotNull();
            assertThat(failureOf(blocked)).isInstanceOf(TimeoutException.class).hasMessageContaining("buffer.memory");
            // 4 KiB holds four 1 KiB batches of about ten 100-byte records each.
            assertThat(accepted).isBetween(4, 60);
            broker.release();
            producer.flush();
            assertThat(broker.stored(0)).hasSize(accepted);
        }
    }

    /** Holds the broker's answers from now on, once the producer knows the topic (its Metadata answered). */
    private void holdProduceAnswers(Producer<String, String> producer) {
        assertThat(producer.partitionCount("events")).isEqualTo(4);
        broker.hold();
    }

    private static String record(int i) {
        return String.format("record-%05d-", i) + "x".repeat(86);
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
