package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import dev.brook.core.LogReadResult;
import dev.brook.core.NewTopic;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ApiVersionsRequest;
import dev.brook.protocol.wire.ByteBufferOutput;
import dev.brook.protocol.wire.CreateTopicsRequest;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.RecordsPayload;
import dev.brook.protocol.wire.RequestHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws random and mutated frames at both listeners for a bounded time: valid requests of many
 * APIs with bytes flipped, cut short, lengthened or spliced, and pure noise. The broker must never
 * die, must keep serving well-behaved clients throughout, must keep its request memory within its
 * bound, and must leave logs that reopen cleanly with every batch passing its CRC.
 *
 * <p>Bounded by {@code -Dbrook.fuzz.millis} per listener (default a few seconds, for CI); the seed
 * is {@code -Dbrook.fuzz.seed} (fixed by default, so a failure can be replayed; printed either way).
 * A long run: {@code mvn -pl broker-server -am test -Dtest=WireFuzzIntegrationTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbrook.fuzz.millis=600000 -Dbrook.fuzz.seed=$RANDOM}.
 */
class WireFuzzIntegrationTest {
    private static final long MILLIS = Long.getLong("brook.fuzz.millis", 3_000);
    private static final long SEED = Long.getLong("brook.fuzz.seed", 20261125L);
    private static final int MAX_FRAME = 64 * 1024;

    @TempDir
    Path dir;
    BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir)
                .queuedMaxRequestBytes(8L * 1024 * 1024).connectionsMaxIdleMs(5_000).build());
        server.broker().createTopic(NewTopic.of("t", 2));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theKafkaListenerSurvivesRandomAndMutatedFrames() throws Exception {
        fuzz(server.kafkaAddress(), kafkaCorpus(), SEED);
    }

    @Test
    void brooksListenerSurvivesRandomAndMutatedFrames() throws Exception {
        fuzz(server.address(), nativeCorpus(), SEED + 1);
    }

    private void fuzz(InetSocketAddress address, List<byte[]> corpus, long seed) throws Exception {
        System.out.println("fuzzing " + address + " for " + MILLIS + " ms with seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        long deadline = System.nanoTime() + Duration.ofMillis(MILLIS).toNanos();
        int connections = 0;
        int answered = 0;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 5_000);
                socket.setSoTimeout(50);
                OutputStream out = socket.getOutputStream();
                int frames = 1 + random.nextInt(4);
                for (int i = 0; i < frames; i++) {
                    out.write(frame(random, corpus));
                }
                out.flush();
                answered += drain(socket);
            } catch (IOException closedOrReset) {
                // The broker may close a connection it cannot trust; that is an allowed answer.
            }
            connections++;
            if (connections % 50 == 0) {
                assertHealthy(address, corpus);
            }
            assertThat(server.reservedRequestBytes()).isLessThanOrEqualTo(server.config().queuedMaxRequestBytes()
                    + MAX_FRAME);
        }
        System.out.println(connections + " connections, " + answered + " responses");
        assertHealthy(address, corpus);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.connectionCount() == 0);
        assertLogsReopenCleanly();
    }

    /** Reads whatever responses arrive within a short while; returns how many frames came. */
    private static int drain(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int frames = 0;
        try {
            while (true) {
                int size = in.readInt();
                if (size < 0 || size > 100 * 1024 * 1024) {
                    throw new AssertionError("the broker sent a response frame of size " + size);
                }
                in.readFully(new byte[size]);
                frames++;
            }
        } catch (SocketTimeoutException | java.io.EOFException done) {
            return frames;
        }
    }

    /** A new connection gets a valid request answered. */
    private void assertHealthy(InetSocketAddress address, List<byte[]> corpus) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(corpus.get(0));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            assertThat(size).isPositive();
            in.readFully(new byte[size]);
        }
    }

    private void assertLogsReopenCleanly() {
        BrokerConfig config = server.broker().config();
        server.close();
        server = null;
        try (Broker broker = Broker.open(config)) {
            for (String topic : broker.listTopics()) {
                for (int partition = 0; partition < broker.describeTopic(topic).partitionCount(); partition++) {
                    long offset = broker.logStartOffset(topic, partition);
                    long end = broker.logEndOffset(topic, partition);
                    while (offset < end) {
                        LogReadResult read = broker.read(topic, partition, offset, 1 << 20);
                        List<RecordBatch> batches = read.batches();
                        assertThat(batches).isNotEmpty();
                        for (RecordBatch batch : batches) {
                            batch.ensureValid();
                            offset = batch.lastOffset() + 1;
                        }
                    }
                }
            }
        }
    }

    /** One frame: a valid request, a mutated one, or noise; always with an honest size prefix. */
    private static byte[] frame(SplittableRandom random, List<byte[]> corpus) {
        byte[] body;
        int kind = random.nextInt(10);
        if (kind == 0) {
            body = new byte[random.nextInt(64)];
            random.nextBytes(body);
        } else {
            byte[] seed = corpus.get(random.nextInt(corpus.size()));
            body = java.util.Arrays.copyOfRange(seed, 4, seed.length);
            if (kind > 1) {
                body = mutate(random, body, corpus);
            }
        }
        ByteBuffer frame = ByteBuffer.allocate(4 + body.length);
        frame.putInt(body.length).put(body);
        return frame.array();
    }

    private static byte[] mutate(SplittableRandom random, byte[] body, List<byte[]> corpus) {
        byte[] mutated = body.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && mutated.length > 0; i++) {
                    mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> mutated = java.util.Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
            case 2 -> {
                byte[] longer = java.util.Arrays.copyOf(mutated, Math.min(MAX_FRAME, mutated.length + 1 + random.nextInt(256)));
                for (int i = mutated.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                mutated = longer;
            }
            case 3 -> {
                // A length or count field (any 4 aligned bytes) set to something extreme.
                if (mutated.length >= 8) {
                    int at = random.nextInt(mutated.length - 3);
                    int value = switch (random.nextInt(4)) {
                        case 0 -> -1;
                        case 1 -> Integer.MAX_VALUE;
                        case 2 -> Integer.MIN_VALUE;
                        default -> random.nextInt();
                    };
                    ByteBuffer.wrap(mutated).putInt(at, value);
                }
            }
            default -> {
                // The head of one request on the tail of another.
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int cut = random.nextInt(mutated.length + 1);
                int from = 4 + random.nextInt(other.length - 4);
                byte[] spliced = java.util.Arrays.copyOf(mutated, Math.min(MAX_FRAME, cut + other.length - from));
                System.arraycopy(other, from, spliced, cut, spliced.length - cut);
                mutated = spliced;
            }
        }
        return mutated;
    }

    private static List<byte[]> kafkaCorpus() {
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(kafkaFrame(new ApiVersionsRequestData().setClientSoftwareName("fuzz")
                .setClientSoftwareVersion("1"), 3));
        corpus.add(kafkaFrame(new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("t"))), 12));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName("t").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords.withRecords(
                        Compression.NONE, new SimpleRecord(1L, "k".getBytes(StandardCharsets.UTF_8),
                                "v".getBytes(StandardCharsets.UTF_8)))))));
        corpus.add(kafkaFrame(new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000).setTopicData(topics), 9));
        ProduceRequestData.TopicProduceDataCollection gzipTopics = new ProduceRequestData.TopicProduceDataCollection();
        gzipTopics.add(new ProduceRequestData.TopicProduceData().setName("t").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(1).setRecords(MemoryRecords.withRecords(
                        Compression.gzip().build(), new SimpleRecord(1L, null, new byte[100]))))));
        corpus.add(kafkaFrame(new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000)
                .setTopicData(gzipTopics), 11));
        corpus.add(kafkaFrame(new FetchRequestData().setReplicaId(-1).setMaxWaitMs(100).setMinBytes(1)
                .setMaxBytes(1 << 20).setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("t")
                        .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                .setPartitionMaxBytes(1 << 20))))), 12));
        corpus.add(kafkaFrame(new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setTimestamp(-1))))), 7));
        corpus.add(kafkaFrame(new FindCoordinatorRequestData().setKeyType((byte) 0)
                .setCoordinatorKeys(List.of("g")), 4));
        corpus.add(kafkaFrame(new JoinGroupRequestData().setGroupId("g").setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(100).setMemberId("").setProtocolType("consumer")
                .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(
                        new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                                .setMetadata(new byte[] {0, 1})).iterator())), 9));
        corpus.add(kafkaFrame(new OffsetCommitRequestData().setGroupId("g").setTopics(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                        new OffsetCommitRequestData.OffsetCommitRequestPartition().setCommittedOffset(1))))), 8));
        corpus.add(kafkaFrame(new CreateTopicsRequestData().setTopics(new CreateTopicsRequestData
                .CreatableTopicCollection(List.of(new CreateTopicsRequestData.CreatableTopic().setName("fz")
                        .setNumPartitions(1).setReplicationFactor((short) 1)).iterator())), 7));
        return corpus;
    }

    private static byte[] kafkaFrame(ApiMessage body, int version) {
        short v = (short) version;
        ApiKeys api = ApiKeys.forId(body.apiKey());
        short headerVersion = api.requestHeaderVersion(v);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(v)
                .setCorrelationId(7).setClientId("fuzz");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, v);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, v);
        return buffer.array();
    }

    private static List<byte[]> nativeCorpus() {
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(nativeFrame(ApiKey.API_VERSIONS, new ApiVersionsRequest()));
        corpus.add(nativeFrame(ApiKey.METADATA, new MetadataRequest(List.of("t"))));
        ByteBuffer batch = RecordBatchBuilder.allocate(1024).append(1L, null,
                ByteBuffer.wrap("v".getBytes(StandardCharsets.UTF_8))).build();
        corpus.add(nativeFrame(ApiKey.PRODUCE, new ProduceRequest((short) 1, 1000, List.of(new ProduceRequest.TopicData(
                "t", List.of(new ProduceRequest.PartitionData(0, RecordsPayload.wrap(batch))))))));
        corpus.add(nativeFrame(ApiKey.FETCH, new FetchRequest(100, 1, 1 << 20, List.of(new FetchRequest.TopicData("t",
                List.of(new FetchRequest.PartitionData(0, 0, 1 << 20)))))));
        corpus.add(nativeFrame(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                new CreateTopicsRequest.TopicSpec("fz", 1, (short) 1, List.of())), false)));
        return corpus;
    }

    private static byte[] nativeFrame(ApiKey api, Message body) {
        RequestHeader header = new RequestHeader(api.id(), (short) 0, 7, "fuzz");
        int size = header.sizeInBytes() + body.sizeInBytes();
        ByteBuffer frame = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferOutput output = new ByteBufferOutput(frame);
        header.writeTo(output);
        body.writeTo(output);
        return frame.array();
    }
}
