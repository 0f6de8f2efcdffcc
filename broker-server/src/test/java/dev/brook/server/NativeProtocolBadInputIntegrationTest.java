package dev.brook.server;

import static dev.brook.server.NativeProtocolIntegrationTest.batch;
import static dev.brook.server.NativeProtocolIntegrationTest.fetch;
import static dev.brook.server.NativeProtocolIntegrationTest.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.core.NewTopic;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.CreateTopicsRequest;
import dev.brook.protocol.wire.CreateTopicsResponse;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.server.testing.NativeClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and load over real sockets: each case either gets a defined error response or has its
 * connection closed, and afterwards the broker still serves a normal request, on a connection that
 * was open all along and on a new one.
 */
class NativeProtocolBadInputIntegrationTest {
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    @TempDir
    Path dataDir;

    private BrookServer server;
    private NativeClient bystander;

    private void start(ServerConfig.Builder builder) throws IOException {
        server = BrookServer.start(builder.port(0).dataDir(dataDir).build());
        server.broker().createTopic(NewTopic.of("ok", 1));
        bystander = NativeClient.connect(server.port());
        assertServing(bystander);
    }

    private void start() throws IOException {
        start(ServerConfig.builder().maxRequestBytes(MAX_REQUEST_BYTES));
    }

    @AfterEach
    void stop() throws IOException {
        if (bystander != null) {
            bystander.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A normal request on the bystander and on a fresh connection both work. */
    private void assertStillServing() throws IOException {
        assertServing(bystander);
        try (NativeClient fresh = NativeClient.connect(server.port())) {
            assertServing(fresh);
        }
    }

    private static void assertServing(NativeClient client) throws IOException {
        MetadataResponse metadata = client.call(ApiKey.METADATA, new MetadataRequest(List.of("ok")),
                MetadataResponse::read);
        assertThat(metadata.topics().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void garbageBytesCloseOnlyThatConnection() throws IOException {
        start();
        byte[] garbage = new byte[4096];
        new SplittableRandom(42).nextBytes(garbage);
        garbage[0] = 0x7f;
        try (NativeClient attacker = NativeClient.connect(server.port())) {
            attacker.sendRaw(garbage);
            assertThat(attacker.closedByBroker()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void aFrameClaimingTwoGigabytesIsRefusedWithoutBeingBuffered() throws IOException {
        start();
        try (NativeClient attacker = NativeClient.connect(server.port())) {
            attacker.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 18, 0, 0});
            assertThat(attacker.closedByBroker()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void aFrameJustOverTheLimitIsRefused() throws IOException {
        start();
        try (NativeClient attacker = NativeClient.connect(server.port())) {
            ByteBuffer frame = ByteBuffer.allocate(4 + MAX_REQUEST_BYTES + 1);
            frame.putInt(MAX_REQUEST_BYTES + 1);
            boolean closed;
            try {
                attacker.sendRaw(frame.array());
                closed = attacker.closedByBroker();
            } catch (java.net.SocketException e) {
                // The broker closed the connection while the rest of the frame was still being sent.
                closed = true;
            }
            assertThat(closed).isTrue();
        }
        assertStillServing();
    }

    @Test
    void aNegativeFrameSizeClosesTheConnection() throws IOException {
        start();
        try (NativeClient attacker = NativeClient.connect(server.port())) {
            attacker.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 1, 2, 3});
            assertThat(attacker.closedByBroker()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void aFrameTooShortForAHeaderClosesTheConnection() throws IOException {
        start();
        try (NativeClient attacker = NativeClient.connect(server.port())) {
            attacker.sendRaw(new byte[] {0, 0, 0, 3, 0, 3, 0});
            assertThat(attacker.closedByBroker()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void anUnknownApiKeyOrVersionGetsUnsupportedVersionAndTheConnectionStaysOpen() throws IOException {
        start();
        try (NativeClient client = NativeClient.connect(server.port())) {
            client.send((short) 999, (short) 0, new MetadataRequest(null));
            NativeClient.Received unknownKey = client.receive();
            assertThat(unknownKey.header().errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(unknownKey.header().errorMessage()).contains("999");
            assertThat(unknownKey.body().remaining()).isZero();

            client.send(ApiKey.METADATA.id(), (short) 7, new MetadataRequest(null));
            NativeClient.Received unknownVersion = client.receive();
            assertThat(unknownVersion.header().errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(unknownVersion.header().errorMessage()).contains("Metadata version 7");

            assertServing(client);
        }
        assertStillServing();
    }

    @Test
    void aTruncatedBodyGetsInvalidRequestAndTheConnectionStaysOpen() throws IOException {
        start();
        try (NativeClient client = NativeClient.connect(server.port())) {
            byte[] whole = produce("ok", 0, batch("x")).toByteBuffer().array();
            byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 5);
            client.sendBody(ApiKey.PRODUCE, truncated);
            NativeClient.Received received = client.receive();
            assertThat(received.header().errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(received.header().errorMessage()).contains("Produce request");

            client.sendBody(ApiKey.METADATA, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertThat(client.receive().header().errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertServing(client);
        }
        assertThat(server.broker().logEndOffset("ok", 0)).isZero();
        assertStillServing();
    }

    @Test
    void anUndecodableProduceWithAcksZeroGetsNoResponse() throws IOException {
        start();
        try (NativeClient client = NativeClient.connect(server.port())) {
            client.sendBody(ApiKey.PRODUCE, new byte[] {0, 0, 0, 0, 3});
            int metadataId = client.send(ApiKey.METADATA, new MetadataRequest(List.of("ok")));
            assertThat(client.receive().header().correlationId()).isEqualTo(metadataId);
        }
        assertStillServing();
    }

    @Test
    void aNegativeTimestampOtherThanEarliestOrLatestIsAnInvalidTimestamp() throws IOException {
        start();
        try (NativeClient client = NativeClient.connect(server.port())) {
            dev.brook.protocol.wire.ListOffsetsResponse response = client.call(ApiKey.LIST_OFFSETS,
                    new dev.brook.protocol.wire.ListOffsetsRequest(List.of(new dev.brook.protocol.wire.ListOffsetsRequest
                            .TopicData("ok", List.of(new dev.brook.protocol.wire.ListOffsetsRequest.PartitionData(0, -7))))),
                    dev.brook.protocol.wire.ListOffsetsResponse::read);
            assertThat(response.topics().get(0).partitions().get(0).errorCode()).isEqualTo(ErrorCode.INVALID_TIMESTAMP);
        }
    }

    @Test
    void anInvalidTopicNameGetsItsOwnError() throws IOException {
        start();
        try (NativeClient client = NativeClient.connect(server.port())) {
            CreateTopicsResponse response = client.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                    new CreateTopicsRequest.TopicSpec("../escape", 1, (short) 1, List.of())), false),
                    CreateTopicsResponse::read);
            assertThat(response.topics().get(0).errorCode()).isEqualTo(ErrorCode.INVALID_TOPIC_EXCEPTION);
            ProduceResponse produced = client.call(ApiKey.PRODUCE, produce("../escape", 0, batch("x")),
                    ProduceResponse::read);
            assertThat(produced.topics().get(0).partitions().get(0).errorCode())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        assertThat(dataDir.resolve("escape")).doesNotExist();
        assertStillServing();
    }

    @Test
    void randomlyMutatedRequestsNeverHurtTheBroker() throws IOException {
        start();
        SplittableRandom random = new SplittableRandom(7);
        byte[] valid = produce("ok", 0, batch("valid")).toByteBuffer().array();
        for (int i = 0; i < 200; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try (NativeClient client = NativeClient.connect(server.port())) {
                client.sendBody(ApiKey.PRODUCE, mutated);
                NativeClient.Received received = client.receive();
                assertThat(received.header().correlationId()).isEqualTo(1);
            }
        }
        assertStillServing();
        long stored = server.broker().logEndOffset("ok", 0);
        assertThat(server.broker().read("ok", 0, 0, 1 << 20).batches()).allMatch(b -> b.isValid());
        assertThat(stored).isLessThanOrEqualTo(200);
    }

    @Test
    void idleConnectionsAreClosed() throws IOException {
        start(ServerConfig.builder().connectionsMaxIdleMs(200));
        try (NativeClient idle = NativeClient.connect(server.port())) {
            assertThat(idle.closedByBroker()).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheCapAreRefused() throws IOException {
        start(ServerConfig.builder().maxConnections(2));
        try (NativeClient second = NativeClient.connect(server.port())) {
            assertServing(second);
            try (NativeClient third = NativeClient.connect(server.port())) {
                assertThat(third.closedByBroker()).isTrue();
            }
            assertServing(second);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);
        assertStillServing();
    }

    @Test
    void boundedRequestMemoryStillServesEveryRequest() throws IOException {
        start(ServerConfig.builder().queuedMaxRequestBytes(1).maxInFlightRequestsPerConnection(3));
        try (NativeClient client = NativeClient.connect(server.port())) {
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add(client.send(ApiKey.PRODUCE, produce("ok", 0, batch("v" + i))));
            }
            for (int expected : sent) {
                NativeClient.Received received = client.receive();
                assertThat(received.header().correlationId()).isEqualTo(expected);
                assertThat(received.decode(ProduceResponse::read).topics().get(0).partitions().get(0).errorCode())
                        .isEqualTo(ErrorCode.NONE);
            }
        }
        assertThat(server.broker().logEndOffset("ok", 0)).isEqualTo(100);
    }

    @Test
    void aHalfSentRequestHoldsItsMemoryAndOthersWaitUntilItIsGone() throws Exception {
        start(ServerConfig.builder().queuedMaxRequestBytes(600_000));
        try (NativeClient hog = NativeClient.connect(server.port());
                NativeClient producer = NativeClient.connect(server.port())) {
            // Claims a 500 kB request and sends only its first bytes: the broker reserves 500 kB.
            hog.sendRaw(new byte[] {0, 7, (byte) 0xa1, 0x20, 0, 0, 0, 0});
            await().atMost(Duration.ofSeconds(10)).until(() -> server.reservedRequestBytes() == 500_000);
            byte[] value = new byte[200_000];
            java.util.concurrent.CompletableFuture<ProduceResponse> produced =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return producer.call(ApiKey.PRODUCE, produce("ok", 0,
                                    dev.brook.protocol.record.RecordBatchBuilder.allocate(value.length + 128)
                                            .append(0, null, value).build()), ProduceResponse::read);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            // The produce does not fit beside the reservation, so it waits: the log stays empty.
            assertThat(produced).isNotCompleted();
            assertThat(server.broker().logEndOffset("ok", 0)).isZero();

            hog.close();
            ProduceResponse response = produced.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.topics().get(0).partitions().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.reservedRequestBytes() == 0);
        assertStillServing();
    }

    @Test
    void aLongPollOfAClosedConnectionGivesItsRequestMemoryBack() throws Exception {
        start(ServerConfig.builder().queuedMaxRequestBytes(600_000));
        // A fetch of about 480 kB (one partition listed 30,000 times) that would wait 24 days.
        List<FetchRequest.PartitionData> partitions = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            partitions.add(new FetchRequest.PartitionData(0, 0, 1 << 20));
        }
        try (NativeClient hog = NativeClient.connect(server.port())) {
            hog.send(ApiKey.FETCH, new FetchRequest(Integer.MAX_VALUE, Integer.MAX_VALUE, 1 << 20,
                    List.of(new FetchRequest.TopicData("ok", partitions))));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.reservedRequestBytes() >= 480_000);
        }

        // Nobody will read its answer: its bytes must not block every other connection meanwhile.
        await().atMost(Duration.ofSeconds(30)).until(() -> server.reservedRequestBytes() == 0);
        byte[] value = new byte[200_000];
        try (NativeClient producer = NativeClient.connect(server.port())) {
            ProduceResponse response = producer.call(ApiKey.PRODUCE, produce("ok", 0,
                    dev.brook.protocol.record.RecordBatchBuilder.allocate(value.length + 128).append(0, null, value)
                            .build()), ProduceResponse::read);
            assertThat(response.topics().get(0).partitions().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
        }
        assertStillServing();
    }

    @Test
    void aConsumerThatDoesNotReadItsResponsesDoesNotStallOthers() throws IOException {
        start();
        byte[] big = new byte[512 * 1024];
        for (int i = 0; i < 8; i++) {
            server.broker().append("ok", 0, dev.brook.protocol.record.RecordBatchBuilder.allocate(big.length + 128)
                    .append(0, null, big).build());
        }
        try (NativeClient slow = NativeClient.connect(server.port())) {
            for (int i = 0; i < 200; i++) {
                slow.send(ApiKey.FETCH, fetch("ok", 0, 0, 0));
            }
            try (NativeClient producer = NativeClient.connect(server.port())) {
                for (int i = 0; i < 20; i++) {
                    assertThat(producer.call(ApiKey.PRODUCE, produce("ok", 0, batch("p" + i)), ProduceResponse::read)
                            .topics().get(0).partitions().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
                }
                FetchResponse fetched = producer.call(ApiKey.FETCH, fetch("ok", 0, 8, 0), FetchResponse::read);
                assertThat(fetched.topics().get(0).partitions().get(0).logEndOffset()).isEqualTo(28);
            }
            NativeClient.Received first = slow.receive();
            assertThat(first.header().errorCode()).isEqualTo(ErrorCode.NONE);
        }
        assertStillServing();
    }
}
