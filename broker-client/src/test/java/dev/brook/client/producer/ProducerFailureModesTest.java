package dev.brook.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.internal.BrokerClient;
import dev.brook.client.internal.BrokerConnection;
import dev.brook.client.serialization.Serdes;
import dev.brook.client.serialization.Serializer;
import dev.brook.protocol.errors.NetworkException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.MetadataResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The producer (and the admin client sharing its network code) when something goes wrong around
 * it: connections dropping under load, a callback that throws or closes the producer, a send
 * racing close, a close while a request waits to be retried. None may lose order, strand a
 * record or hang. Against a {@link ScriptedBroker} on 127.0.0.1.
 */
@Timeout(120)
class ProducerFailureModesTest {
    private static final Duration OUTCOME = Duration.ofSeconds(30);

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
                .bootstrapServer(broker.address());
    }

    @Test
    void recordsKeepTheirOrderPerPartitionWhileConnectionsKeepDroppingUnderPipelining() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        // Drops a connection every few requests, again and again, while requests are pipelined.
        Thread dropper = new Thread(() -> {
            while (running.get()) {
                broker.dropConnectionAfter(4);
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (Producer<String, String> producer = new Producer<>(config().retryBackoffMs(1).lingerMs(0).batchSize(256)
                .maxRequestSize(1024).build())) {
            assertThat(producer.partitionCount("events")).isEqualTo(4);
            dropper.start();
            for (int i = 0; i < 20_000; i++) {
                producer.send(new ProducerRecord<>("events", i % 4, null, String.format("%06d", i)));
            }
            running.set(false);
            dropper.join();
            broker.dropConnectionAfter(0);
            producer.flush();
        }
        for (int p = 0; p < 4; p++) {
            assertThat(broker.stored(p)).as("partition %d", p).hasSize(5_000).isSorted();
        }
    }

    @Test
    void aCallbackThatThrowsAnErrorStrandsNeitherItsBatchNorItsPartition() throws Exception {
        try (Producer<String, String> producer = new Producer<>(config().lingerMs(200).maxInFlightRequests(1).build())) {
            producer.send(new ProducerRecord<>("events", 0, null, "a"), (metadata, e) -> {
                throw new AssertionError("a failing assertion in a callback");
            });
            CompletableFuture<RecordMetadata> sameBatch = producer.send(new ProducerRecord<>("events", 0, null, "b"));
            assertThat(sameBatch).succeedsWithin(OUTCOME);

            CompletableFuture<RecordMetadata> later = producer.send(new ProducerRecord<>("events", 0, null, "c"));

            assertThat(later).succeedsWithin(OUTCOME);
        }
        assertThat(broker.stored(0)).containsExactly("a", "b", "c");
    }

    @Test
    void closeCalledFromACallbackReturns() throws Exception {
        Producer<String, String> producer = new Producer<>(config().lingerMs(0).build());
        CountDownLatch returned = new CountDownLatch(1);
        producer.send(new ProducerRecord<>("events", 0, null, "a"), (metadata, e) -> {
            producer.close();
            returned.countDown();
        });

        assertThat(returned.await(OUTCOME.toSeconds(), TimeUnit.SECONDS)).as("close() in the callback returned").isTrue();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("events", 0, null, "b")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSendRacingCloseFailsRatherThanWaitingForever() throws Exception {
        CountDownLatch inSerializer = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Serializer<String> blocking = (topic, value) -> {
            if ("racing".equals(value)) {
                inSerializer.countDown();
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        };
        Producer<String, String> producer = new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(), blocking)
                .bootstrapServer(broker.address()).lingerMs(0).build());
        assertThat(producer.send(new ProducerRecord<>("events", 0, null, "first"))).succeedsWithin(OUTCOME);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                outcome.set(producer.send(new ProducerRecord<>("events", 0, null, "racing")));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        sender.start();
        assertThat(inSerializer.await(OUTCOME.toSeconds(), TimeUnit.SECONDS)).isTrue();

        producer.close(Duration.ofSeconds(5)); // the send has passed the closed check and serializes
        closed.countDown();
        sender.join(OUTCOME.toMillis());

        // Either send throws, or its future fails: a future nobody completes would hang its caller.
        if (outcome.get() instanceof CompletableFuture<?> future) {
            assertThat(future).failsWithin(OUTCOME);
        } else {
            assertThat(outcome.get()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anAdminRequestWaitingToBeRetriedFailsWhenTheAdminCloses() throws Exception {
        Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(broker.address()).retryBackoffMs(60_000).build());
        assertThat(admin.listTopics()).succeedsWithin(OUTCOME).isEqualTo(List.of("events"));
        broker.close();
        CompletableFuture<List<String>> pending = admin.listTopics(); // refused, then waits a minute to retry

        admin.close();

        assertThat(pending).failsWithin(OUTCOME);
    }

    @Test
    void aRequestOverTheConnectionsLimitFailsRetriablyAndTheConnectionCarriesOn() throws Exception {
        try (BrokerClient client = new BrokerClient(BrokerClient.parseAddress(broker.address()),
                new BrokerConnection.Settings("test", 10_000, 30_000, 2, 1 << 20), 100, "test-network")) {
            broker.hold();
            List<CompletableFuture<MetadataResponse>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(client.send(ApiKey.METADATA, new MetadataRequest(List.of("events")), MetadataResponse::read));
            }

            // Many threads looking up metadata behind slow answers: the third finds no room. The
            // producer retries a retriable failure; it used to fail the batch for good.
            assertThat(sent.get(2)).failsWithin(OUTCOME).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(NetworkException.class).withMessageContaining("the limit is 2")
                    .matches(e -> ((NetworkException) e).retriable());
            broker.release();
            assertThat(sent.get(0)).succeedsWithin(OUTCOME);
            assertThat(sent.get(1)).succeedsWithin(OUTCOME);
        }
    }
}
