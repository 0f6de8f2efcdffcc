package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.brook.core.NewTopic;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ApiVersionsRequest;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.RecordsPayload;
import dev.brook.server.testing.NativeClient;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker under load it must survive: a thousand connections at once on each listener, a
 * consumer that stops reading its responses while producers go on, and a flood of produce requests
 * nobody reads the answers to, which must be held back by the request-memory bound rather than
 * fill the heap.
 */
class LoadIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    BrookServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private BrookServer start(ServerConfig.Builder config) {
        server = BrookServer.start(config.port(0).dataDir(dir).build());
        return server;
    }

    @Test
    void aThousandConnectionsAtOnceAreServedOnEachListener() throws Exception {
        long maxFds = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        // Each connection is two descriptors here, client and broker side, in this one process.
        assumeThat(maxFds).as("open-file limit (ulimit -n) too low for 2,000 sockets in one JVM").isGreaterThan(4_500);
        start(ServerConfig.builder());
        byte[] kafkaRequest = kafkaApiVersions();
        byte[] nativeRequest = NativeClient.frame(ApiKey.API_VERSIONS, new ApiVersionsRequest(), 1);
        for (InetSocketAddress address : List.of(server.kafkaAddress(), server.address())) {
            byte[] request = address.equals(server.address()) ? nativeRequest : kafkaRequest;
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 1_000; i++) {
                    Socket socket = new Socket();
                    socket.connect(address, 10_000);
                    socket.setSoTimeout(30_000);
                    sockets.add(socket);
                    socket.getOutputStream().write(request);
                }
                await().atMost(PATIENCE).until(() -> server.connectionCount() >= 1_000);
                for (Socket socket : sockets) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    int size = in.readInt();
                    in.readFully(new byte[size]);
                    assertThat(size).isPositive();
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            await().atMost(PATIENCE).until(() -> server.connectionCount() == 0);
        }
    }

    @Test
    void aConsumerThatStopsReadingDoesNotStallProducers() throws Exception {
        start(ServerConfig.builder());
        server.broker().createTopic(NewTopic.of("big", 1));
        server.broker().createTopic(NewTopic.of("live", 1));
        ByteBuffer batch = RecordBatchBuilder.allocate(1100 * 1024).append(1L, null, new byte[1000 * 1024]).build();
        for (int i = 0; i < 16; i++) {
            server.broker().append("big", 0, batch.duplicate());
        }
        try (NativeClient stalled = NativeClient.connect(server.port()); NativeClient producer = NativeClient.connect(server.port())) {
            // Pipelined fetches of 16 MiB each, whose responses are never read: the socket fills and
            // the broker must stop reading this connection, not block its threads.
            for (int i = 0; i < 50; i++) {
                stalled.send(ApiKey.FETCH, new FetchRequest(0, 1, 64 << 20, List.of(new FetchRequest.TopicData("big",
                        List.of(new FetchRequest.PartitionData(0, 0, 64 << 20))))));
            }
            for (int i = 0; i < 500; i++) {
                ByteBuffer small = RecordBatchBuilder.allocate(256).append(1L, null, new byte[100]).build();
                ProduceResponse response = producer.call(ApiKey.PRODUCE, new ProduceRequest((short) 1, 10_000,
                        List.of(new ProduceRequest.TopicData("live", List.of(new ProduceRequest.PartitionData(0,
                                RecordsPayload.wrap(small)))))), ProduceResponse::read);
                assertThat(response.topics().get(0).partitions().get(0).baseOffset()).isEqualTo(i);
            }
        }
    }

    @Test
    void aProduceFloodIsHeldBackByTheRequestMemoryBound() throws Exception {
        long bound = 4L * 1024 * 1024;
        start(ServerConfig.builder().queuedMaxRequestBytes(bound));
        server.broker().createTopic(NewTopic.of("flood", 1));
        ByteBuffer batch = RecordBatchBuilder.allocate(300 * 1024).append(1L, null, new byte[256 * 1024]).build();
        byte[] produce = NativeClient.frame(ApiKey.PRODUCE, new ProduceRequest((short) 1, 10_000, List.of(
                new ProduceRequest.TopicData("flood", List.of(new ProduceRequest.PartitionData(0,
                        RecordsPayload.wrap(batch)))))), 1);
        List<Socket> flooders = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        try {
            for (int c = 0; c < 20; c++) {
                Socket socket = new Socket();
                socket.connect(server.address(), 10_000);
                flooders.add(socket);
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 0; i < 200; i++) {
                            socket.getOutputStream().write(produce);
                        }
                    } catch (IOException closed) {
                        // Closed by the test's end.
                    }
                }, "flooder-" + c);
                writer.setDaemon(true);
                writer.start();
                writers.add(writer);
            }
            // Nobody reads the answers: the broker must keep what it holds within the bound.
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            long peak = 0;
            while (System.nanoTime() < deadline) {
                peak = Math.max(peak, server.reservedRequestBytes());
                // Sampling a level over a time window, not waiting for an event.
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(peak).isLessThanOrEqualTo(bound + produce.length);
            try (NativeClient healthy = NativeClient.connect(server.port())) {
                assertThat(healthy.call(ApiKey.API_VERSIONS, new ApiVersionsRequest()).header().correlationId())
                        .isPositive();
            }
        } finally {
            for (Socket socket : flooders) {
                socket.close();
            }
        }
        await().atMost(PATIENCE).until(() -> server.connectionCount() == 0 && server.reservedRequestBytes() == 0);
    }

    private static byte[] kafkaApiVersions() {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.API_VERSIONS.id)
                .setRequestApiVersion((short) 3).setCorrelationId(1).setClientId("load");
        ApiVersionsRequestData body = new ApiVersionsRequestData().setClientSoftwareName("load")
                .setClientSoftwareVersion("1");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short headerVersion = ApiKeys.API_VERSIONS.requestHeaderVersion((short) 3);
        int size = header.size(cache, headerVersion) + body.size(cache, (short) 3);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, (short) 3);
        return buffer.array();
    }
}
