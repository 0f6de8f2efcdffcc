package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.record.Records;
import dev.brook.protocol.wire.AlterConfigsRequest;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ApiVersionsRequest;
import dev.brook.protocol.wire.ApiVersionsResponse;
import dev.brook.protocol.wire.CreatePartitionsRequest;
import dev.brook.protocol.wire.CreateTopicsRequest;
import dev.brook.protocol.wire.CreateTopicsResponse;
import dev.brook.protocol.wire.DeleteTopicsRequest;
import dev.brook.protocol.wire.DescribeConfigsRequest;
import dev.brook.protocol.wire.DescribeConfigsResponse;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.ListOffsetsRequest;
import dev.brook.protocol.wire.ListOffsetsResponse;
import dev.brook.protocol.wire.MetadataRequest;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.RecordsPayload;
import dev.brook.protocol.wire.TopicErrorsResponse;
import dev.brook.server.testing.NativeClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brook's protocol end to end over real sockets on 127.0.0.1, with a client written from the spec. */
class NativeProtocolIntegrationTest {
    @TempDir
    Path dataDir;

    private BrookServer server;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static ByteBuffer batch(String... values) {
        RecordBatchBuilder builder = RecordBatchBuilder.allocate(1024 + values.length * 64);
        for (String value : values) {
            builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    static CreateTopicsRequest createTopic(String name, int partitions) {
        return new CreateTopicsRequest(List.of(new CreateTopicsRequest.TopicSpec(name, partitions, (short) 1, List.of())),
                false);
    }

    static ProduceRequest produce(String topic, int partition, ByteBuffer records) {
        return new ProduceRequest((short) 1, 30_000, List.of(new ProduceRequest.TopicData(topic,
                List.of(new ProduceRequest.PartitionData(partition, RecordsPayload.wrap(records))))));
    }

    static FetchRequest fetch(String topic, int partition, long offset, int maxWaitMs) {
        return new FetchRequest(maxWaitMs, 1, 1 << 20, List.of(new FetchRequest.TopicData(topic,
                List.of(new FetchRequest.PartitionData(partition, offset, 1 << 20)))));
    }

    static List<String> values(FetchResponse.PartitionResult partition) {
        List<String> values = new ArrayList<>();
        ByteBuffer records = ((RecordsPayload.BufferRecords) partition.records()).buffer();
        for (RecordBatch batch : Records.strictBatches(records)) {
            assertThat(batch.isValid()).isTrue();
            for (Record record : batch.records()) {
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        }
        return values;
    }

    private ProduceResponse.PartitionResult produceOne(NativeClient client, String topic, int partition, ByteBuffer records)
            throws IOException {
        return client.call(ApiKey.PRODUCE, produce(topic, partition, records), ProduceResponse::read)
                .topics().get(0).partitions().get(0);
    }

    @Test
    void apiVersionsListsEveryApi() throws IOException {
        try (NativeClient client = NativeClient.connect(server.port())) {
            ApiVersionsResponse versions = client.call(ApiKey.API_VERSIONS, new ApiVersionsRequest(),
                    ApiVersionsResponse::read);
            assertThat(versions.apis()).hasSize(ApiKey.values().length);
            assertThat(versions.maxRequestBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_REQUEST_BYTES);
        }
    }

    @Test
    void producedRecordsAreFetchedBackByteForByte() throws IOException {
        try (NativeClient client = NativeClient.connect(server.port())) {
            CreateTopicsResponse created = client.call(ApiKey.CREATE_TOPICS, createTopic("events", 2),
                    CreateTopicsResponse::read);
            assertThat(created.topics().get(0).errorCode()).isEqualTo(ErrorCode.NONE);

            ProduceResponse.PartitionResult first = produceOne(client, "events", 1, batch("a", "b"));
            ProduceResponse.PartitionResult second = produceOne(client, "events", 1, batch("c"));
            assertThat(first.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(first.baseOffset()).isZero();
            assertThat(second.baseOffset()).isEqualTo(2);

            FetchResponse.PartitionResult fetched = client.call(ApiKey.FETCH, fetch("events", 1, 0, 0),
                    FetchResponse::read).topics().get(0).partitions().get(0);
            assertThat(fetched.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(fetched.logEndOffset()).isEqualTo(3);
            assertThat(values(fetched)).containsExactly("a", "b", "c");
            ByteBuffer onDisk = server.broker().read("events", 1, 0, 1 << 20).readAll();
            assertThat(((RecordsPayload.BufferRecords) fetched.records()).buffer()).isEqualTo(onDisk);
        }
    }

    @Test
    void aLongPollIsAnsweredAsSoonAsDataIsAppended() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("waiting", 1));
        try (NativeClient consumer = NativeClient.connect(server.port());
                NativeClient producer = NativeClient.connect(server.port())) {
            // Waits up to 10 minutes, far beyond the client's 20 s read timeout: only an append can answer it.
            int fetchId = consumer.send(ApiKey.FETCH, fetch("waiting", 0, 0, 600_000));
            produceOne(producer, "waiting", 0, batch("wake up"));

            NativeClient.Received received = consumer.receive();
            assertThat(received.header().correlationId()).isEqualTo(fetchId);
            assertThat(values(received.decode(FetchResponse::read).topics().get(0).partitions().get(0)))
                    .containsExactly("wake up");
        }
    }

    @Test
    void aLongPollWithoutDataIsAnsweredEmptyWhenItsWaitEnds() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("quiet", 1));
        try (NativeClient client = NativeClient.connect(server.port())) {
            FetchResponse.PartitionResult result = client.call(ApiKey.FETCH, fetch("quiet", 0, 0, 100),
                    FetchResponse::read).topics().get(0).partitions().get(0);
            assertThat(result.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(result.records().sizeInBytes()).isZero();
        }
    }

    @Test
    void aFetchOfNoPartitionsIsAnsweredAtOnceWhateverItsWait() throws IOException {
        try (NativeClient client = NativeClient.connect(server.port())) {
            // Waits ten minutes unless a fetch of nothing is answered at once (the read timeout is 20 s).
            FetchResponse response = client.call(ApiKey.FETCH, new FetchRequest(600_000, 1, 1 << 20, List.of()),
                    FetchResponse::read);
            assertThat(response.topics()).isEmpty();
        }
    }

    @Test
    void aFetchWithMinBytesZeroIsAnsweredAtOnceAndANegativePartitionLimitIsRefused() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("now", 1));
        try (NativeClient client = NativeClient.connect(server.port())) {
            // Waits ten minutes unless minBytes=0 answers it at once (the read timeout is 20 s).
            FetchResponse.PartitionResult empty = client.call(ApiKey.FETCH, new FetchRequest(600_000, 0, 1 << 20,
                    List.of(new FetchRequest.TopicData("now", List.of(new FetchRequest.PartitionData(0, 0, 1024))))),
                    FetchResponse::read).topics().get(0).partitions().get(0);
            assertThat(empty.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(empty.records().sizeInBytes()).isZero();

            FetchResponse.PartitionResult negative = client.call(ApiKey.FETCH, new FetchRequest(0, 1, 1 << 20,
                    List.of(new FetchRequest.TopicData("now", List.of(new FetchRequest.PartitionData(0, 0, -5))))),
                    FetchResponse::read).topics().get(0).partitions().get(0);
            assertThat(negative.errorCode()).isEqualTo(ErrorCode.INVALID_FETCH_SIZE);
        }
    }

    @Test
    void manyConsumersLongPollingOnePartitionAreAllWokenByOneAppend() throws Exception {
        server.broker().createTopic(dev.brook.core.NewTopic.of("crowd", 1));
        List<NativeClient> consumers = new ArrayList<>();
        try {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                NativeClient consumer = NativeClient.connect(server.port());
                consumers.add(consumer);
                ids.add(consumer.send(ApiKey.FETCH, fetch("crowd", 0, 0, 600_000)));
            }
            server.broker().append("crowd", 0, batch("for everyone"));
            for (int i = 0; i < consumers.size(); i++) {
                NativeClient.Received received = consumers.get(i).receive();
                assertThat(received.header().correlationId()).isEqualTo(ids.get(i));
                assertThat(values(received.decode(FetchResponse::read).topics().get(0).partitions().get(0)))
                        .containsExactly("for everyone");
            }
        } finally {
            for (NativeClient consumer : consumers) {
                consumer.close();
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrder() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("pipe", 1));
        try (NativeClient client = NativeClient.connect(server.port())) {
            List<Integer> sent = new ArrayList<>();
            // A fetch that can only complete after the produce behind it on the same connection.
            sent.add(client.send(ApiKey.FETCH, fetch("pipe", 0, 0, 600_000)));
            for (int i = 0; i < 40; i++) {
                sent.add(client.send(ApiKey.PRODUCE, produce("pipe", 0, batch("r" + i))));
                sent.add(client.send(ApiKey.METADATA, new MetadataRequest(null)));
            }
            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                received.add(client.receive().header().correlationId());
            }
            assertThat(received).containsExactlyElementsOf(sent);
            // Pipelined produces to one partition are appended in the order they were sent.
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add("r" + i);
            }
            FetchResponse.PartitionResult all = client.call(ApiKey.FETCH, fetch("pipe", 0, 0, 0), FetchResponse::read)
                    .topics().get(0).partitions().get(0);
            assertThat(values(all)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void produceWithAcksZeroGetsNoResponse() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("fire", 1));
        try (NativeClient client = NativeClient.connect(server.port())) {
            client.send(ApiKey.PRODUCE, new ProduceRequest((short) 0, 1000, List.of(new ProduceRequest.TopicData("fire",
                    List.of(new ProduceRequest.PartitionData(0, RecordsPayload.wrap(batch("x"))))))));
            int metadataId = client.send(ApiKey.METADATA, new MetadataRequest(List.of("fire")));

            NativeClient.Received next = client.receive();
            assertThat(next.header().correlationId()).isEqualTo(metadataId);
            assertThat(next.decode(MetadataResponse::read).topics().get(0).partitions().get(0).logEndOffset())
                    .isEqualTo(1);
        }
    }

    @Test
    void produceToAnUnknownTopicGetsTheDocumentedError() throws IOException {
        try (NativeClient client = NativeClient.connect(server.port())) {
            ProduceResponse.PartitionResult result = produceOne(client, "nowhere", 0, batch("lost"));
            assertThat(result.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(result.errorMessage()).contains("nowhere");
            assertThat(result.baseOffset()).isEqualTo(-1);
        }
    }

    @Test
    void aBatchWithAWrongCrcFailsOnlyItsPartition() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("two", 2));
        ByteBuffer corrupt = batch("bad");
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
        try (NativeClient client = NativeClient.connect(server.port())) {
            ProduceResponse response = client.call(ApiKey.PRODUCE, new ProduceRequest((short) 1, 1000,
                    List.of(new ProduceRequest.TopicData("two", List.of(
                            new ProduceRequest.PartitionData(0, RecordsPayload.wrap(corrupt)),
                            new ProduceRequest.PartitionData(1, RecordsPayload.wrap(batch("good"))))))),
                    ProduceResponse::read);
            List<ProduceResponse.PartitionResult> partitions = response.topics().get(0).partitions();
            assertThat(partitions.get(0).errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
            assertThat(partitions.get(0).errorMessage()).contains("CRC");
            assertThat(partitions.get(1).errorCode()).isEqualTo(ErrorCode.NONE);
        }
        assertThat(server.broker().logEndOffset("two", 0)).isZero();
        assertThat(server.broker().logEndOffset("two", 1)).isEqualTo(1);
    }

    @Test
    void listOffsetsFindsEarliestLatestAndByTime() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("timed", 1));
        server.broker().append("timed", 0, RecordBatchBuilder.allocate(256).append(1000, null, new byte[1]).build());
        server.broker().append("timed", 0, RecordBatchBuilder.allocate(256).append(2000, null, new byte[1]).build());
        try (NativeClient client = NativeClient.connect(server.port())) {
            ListOffsetsResponse response = client.call(ApiKey.LIST_OFFSETS, new ListOffsetsRequest(List.of(
                    new ListOffsetsRequest.TopicData("timed", List.of(
                            new ListOffsetsRequest.PartitionData(0, ListOffsetsRequest.EARLIEST))),
                    new ListOffsetsRequest.TopicData("timed", List.of(
                            new ListOffsetsRequest.PartitionData(0, ListOffsetsRequest.LATEST))),
                    new ListOffsetsRequest.TopicData("timed", List.of(new ListOffsetsRequest.PartitionData(0, 1500))),
                    new ListOffsetsRequest.TopicData("timed", List.of(new ListOffsetsRequest.PartitionData(0, 9999))),
                    new ListOffsetsRequest.TopicData("other", List.of(new ListOffsetsRequest.PartitionData(0, 0))))),
                    ListOffsetsResponse::read);
            assertThat(response.topics()).extracting(t -> t.partitions().get(0).offset())
                    .containsExactly(0L, 2L, 1L, -1L, -1L);
            assertThat(response.topics().get(4).partitions().get(0).errorCode())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void topicAdministrationWorksAndRefusesWhatItShould() throws IOException {
        try (NativeClient client = NativeClient.connect(server.port())) {
            CreateTopicsResponse created = client.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                    new CreateTopicsRequest.TopicSpec("admin", 1, (short) -1,
                            List.of(new CreateTopicsRequest.Config("retention.ms", "60000"))),
                    new CreateTopicsRequest.TopicSpec("bad name!", 1, (short) 1, List.of()),
                    new CreateTopicsRequest.TopicSpec("replicated", 1, (short) 3, List.of()),
                    new CreateTopicsRequest.TopicSpec("badconfig", 1, (short) 1,
                            List.of(new CreateTopicsRequest.Config("retention.ms", "soon")))), false),
                    CreateTopicsResponse::read);
            assertThat(created.topics()).extracting(CreateTopicsResponse.TopicResult::errorCode).containsExactly(
                    ErrorCode.NONE, ErrorCode.INVALID_TOPIC_EXCEPTION, ErrorCode.INVALID_REPLICATION_FACTOR,
                    ErrorCode.INVALID_CONFIG);
            assertThat(created.topics().get(0).topicId()).isEqualTo(server.broker().describeTopic("admin").topicId());

            CreateTopicsResponse validated = client.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(
                    List.of(new CreateTopicsRequest.TopicSpec("dry", 1, (short) 1, List.of())), true),
                    CreateTopicsResponse::read);
            assertThat(validated.topics().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(server.broker().topicExists("dry")).isFalse();

            DescribeConfigsResponse described = client.call(ApiKey.DESCRIBE_CONFIGS, new DescribeConfigsRequest(
                    List.of(new DescribeConfigsRequest.TopicKeys("admin", List.of("retention.ms", "segment.bytes")))),
                    DescribeConfigsResponse::read);
            assertThat(described.topics().get(0).configs()).containsExactlyInAnyOrder(
                    new DescribeConfigsResponse.ConfigEntry("retention.ms", "60000", false),
                    new DescribeConfigsResponse.ConfigEntry("segment.bytes", "1073741824", true));

            TopicErrorsResponse altered = client.call(ApiKey.ALTER_CONFIGS, new AlterConfigsRequest(List.of(
                    new AlterConfigsRequest.TopicChanges("admin", List.of(
                            new AlterConfigsRequest.Change("retention.ms", AlterConfigsRequest.DELETE, null),
                            new AlterConfigsRequest.Change("segment.bytes", AlterConfigsRequest.SET, "1048576"))))),
                    TopicErrorsResponse::read);
            assertThat(altered.topics().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(server.broker().describeTopic("admin").config().overrides())
                    .containsOnly(java.util.Map.entry("segment.bytes", "1048576"));

            TopicErrorsResponse grown = client.call(ApiKey.CREATE_PARTITIONS, new CreatePartitionsRequest(List.of(
                    new CreatePartitionsRequest.TopicCount("admin", 3),
                    new CreatePartitionsRequest.TopicCount("missing", 3))), TopicErrorsResponse::read);
            assertThat(grown.topics()).extracting(dev.brook.protocol.wire.TopicError::errorCode)
                    .containsExactly(ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

            MetadataResponse metadata = client.call(ApiKey.METADATA, new MetadataRequest(List.of("admin", "missing")),
                    MetadataResponse::read);
            assertThat(metadata.port()).isEqualTo(server.port());
            assertThat(metadata.host()).isEqualTo("127.0.0.1");
            assertThat(metadata.topics().get(0).partitions()).hasSize(3)
                    .allSatisfy(p -> assertThat(p.leaderId()).isEqualTo(metadata.brokerId()));
            assertThat(metadata.topics().get(1).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

            TopicErrorsResponse deleted = client.call(ApiKey.DELETE_TOPICS, new DeleteTopicsRequest(List.of("admin")),
                    TopicErrorsResponse::read);
            assertThat(deleted.topics().get(0).errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(server.broker().listTopics()).doesNotContain("admin");
        }
    }

    @Test
    void aRestartedServerServesEverythingItAcknowledged() throws IOException {
        try (NativeClient client = NativeClient.connect(server.port())) {
            client.call(ApiKey.CREATE_TOPICS, createTopic("durable", 1));
            for (int i = 0; i < 20; i++) {
                assertThat(produceOne(client, "durable", 0, batch("m" + i)).errorCode()).isEqualTo(ErrorCode.NONE);
            }
        }
        server.close();
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        try (NativeClient client = NativeClient.connect(server.port())) {
            FetchResponse.PartitionResult fetched = client.call(ApiKey.FETCH, fetch("durable", 0, 0, 0),
                    FetchResponse::read).topics().get(0).partitions().get(0);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("m" + i);
            }
            assertThat(values(fetched)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void fetchOutOfRangeGetsTheDocumentedError() throws IOException {
        server.broker().createTopic(dev.brook.core.NewTopic.of("short", 1));
        try (NativeClient client = NativeClient.connect(server.port())) {
            FetchResponse.PartitionResult result = client.call(ApiKey.FETCH, fetch("short", 0, 5, 1000),
                    FetchResponse::read).topics().get(0).partitions().get(0);
            assertThat(result.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
            assertThat(result.records()).isNull();
        }
    }
}
