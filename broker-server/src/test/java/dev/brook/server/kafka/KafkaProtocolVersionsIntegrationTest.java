package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.internals.Crc32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every version of the Kafka APIs Brook advertises, tried over a raw socket with requests written by
 * kafka-clients' own message classes: a client may pick any of them.
 */
class KafkaProtocolVersionsIntegrationTest {
    @TempDir
    Path dir;
    BrookServer server;
    Uuid topicId;

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build());
        topicId = KafkaClusterHandler.toKafka(server.broker().createTopic(NewTopic.of("t", 1)).topicId());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private KafkaWireClient client() throws Exception {
        return new KafkaWireClient(server.kafkaAddress());
    }

    @Test
    void apiVersionsAnswersEveryVersionAndAdvertisesWhatIsServed() throws Exception {
        try (KafkaWireClient client = client()) {
            for (short v = 0; v <= ApiKeys.API_VERSIONS.latestVersion(); v++) {
                ApiVersionsRequestData request = new ApiVersionsRequestData();
                if (v >= 3) {
                    request.setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0");
                }
                ApiVersionsResponseData response = (ApiVersionsResponseData) client.send(request, v);
                assertThat(response.errorCode()).as("v%d", v).isEqualTo(Errors.NONE.code());
                assertThat(response.apiKeys().find(ApiKeys.PRODUCE.id).minVersion()).isEqualTo((short) 0);
                assertThat(response.apiKeys().find(ApiKeys.FETCH.id)).isNotNull();
                // Transactions are not built, so not advertised.
                assertThat(response.apiKeys().find(ApiKeys.ADD_PARTITIONS_TO_TXN.id)).isNull();
                assertThat(response.apiKeys().find(ApiKeys.END_TXN.id)).isNull();
            }
        }
    }

    @Test
    void aNewerApiVersionsIsAnsweredInVersionZeroWithWhatTheBrokerSpeaks() throws Exception {
        try (KafkaWireClient client = client()) {
            short future = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
            // Written as the newest known version but labelled as a future one, as a newer client would.
            client.write(new ApiVersionsRequestData().setClientSoftwareName("x").setClientSoftwareVersion("1"), future);
            ApiVersionsResponseData response = (ApiVersionsResponseData) client.read(ApiKeys.API_VERSIONS, (short) 0,
                    (short) 0);
            assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(response.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion())
                    .isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
        }
    }

    @Test
    void metadataInEveryVersionDescribesTheTopicAndThisBroker() throws Exception {
        try (KafkaWireClient client = client()) {
            for (short v = ApiKeys.METADATA.oldestVersion(); v <= ApiKeys.METADATA.latestVersion(); v++) {
                MetadataRequestData request = new MetadataRequestData().setTopics(List.of(
                        new MetadataRequestData.MetadataRequestTopic().setName("t")));
                MetadataResponseData response = (MetadataResponseData) client.send(request, v);
                assertThat(response.brokers()).as("v%d", v).hasSize(1);
                assertThat(response.brokers().iterator().next().port()).isEqualTo(server.kafkaPort());
                MetadataResponseData.MetadataResponseTopic topic = response.topics().iterator().next();
                assertThat(topic.errorCode()).as("v%d", v).isZero();
                assertThat(topic.partitions()).hasSize(1);
                assertThat(topic.partitions().get(0).leaderId()).isEqualTo(server.config().brokerId());
                if (v >= 2) {
                    assertThat(response.clusterId()).isEqualTo(server.broker().clusterId());
                }
                if (v >= 10) {
                    assertThat(topic.topicId()).isEqualTo(topicId);
                }
            }
        }
    }

    @Test
    void produceAndFetchInEveryVersion() throws Exception {
        int produced = 0;
        try (KafkaWireClient client = client()) {
            for (short v = ApiKeys.PRODUCE.oldestVersion(); v <= ApiKeys.PRODUCE.latestVersion(); v++) {
                ProduceResponseData response = (ProduceResponseData) client.send(produce(v,
                        MemoryRecords.withRecords(Compression.NONE, record("v" + v))), v);
                ProduceResponseData.PartitionProduceResponse partition =
                        response.responses().iterator().next().partitionResponses().get(0);
                assertThat(partition.errorCode()).as("produce v%d: %s", v, partition.errorMessage()).isZero();
                assertThat(partition.baseOffset()).isEqualTo(produced++);
            }
            for (short v = ApiKeys.FETCH.oldestVersion(); v <= ApiKeys.FETCH.latestVersion(); v++) {
                FetchResponseData response = (FetchResponseData) client.send(fetch(v, 0), v);
                FetchResponseData.PartitionData partition = response.responses().get(0).partitions().get(0);
                assertThat(partition.errorCode()).as("fetch v%d", v).isZero();
                assertThat(partition.highWatermark()).isEqualTo(produced);
                assertThat(values((MemoryRecords) partition.records())).as("fetch v%d", v).hasSize(produced)
                        .startsWith("v3");
            }
        }
    }

    @Test
    void theFetchThatClosesAConsumersSessionIsAnsweredAtOnce() throws Exception {
        // What KafkaConsumer.close sends to each broker it fetched from: no partitions, the full
        // wait. Answered only after the wait, it held every close for fetch.max.wait.ms.
        try (KafkaWireClient client = client()) {
            FetchRequestData closing = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(600_000).setMinBytes(1)
                    .setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(0).setTopics(List.of());
            // The client's read timeout is 10 s: a response after the wait would fail the call.
            FetchResponseData response = (FetchResponseData) client.send(closing, ApiKeys.FETCH.latestVersion());
            assertThat(response.errorCode()).isZero();
            assertThat(response.responses()).isEmpty();
        }
    }

    @Test
    void compressedBatchesAreStoredAndServedAsTheyCame() throws Exception {
        try (KafkaWireClient client = client()) {
            short v = ApiKeys.PRODUCE.latestVersion();
            List<MemoryRecords> sent = new ArrayList<>();
            for (Compression compression : List.of(Compression.gzip().build(), Compression.snappy().build(),
                    Compression.lz4().build(), Compression.zstd().build())) {
                MemoryRecords records = MemoryRecords.withRecords(compression, record("a"), record("b"), record("c"));
                sent.add(records);
                ProduceResponseData response = (ProduceResponseData) client.send(produce(v, records), v);
                assertThat(response.responses().iterator().next().partitionResponses().get(0).errorCode())
                        .as(compression.type().name).isZero();
            }
            FetchResponseData response = (FetchResponseData) client.send(fetch(ApiKeys.FETCH.latestVersion(), 0),
                    ApiKeys.FETCH.latestVersion());
            MemoryRecords fetched = (MemoryRecords) response.responses().get(0).partitions().get(0).records();
            List<RecordBatch> batches = new ArrayList<>();
            fetched.batches().forEach(batches::add);
            assertThat(batches).hasSize(4);
            for (int i = 0; i < 4; i++) {
                RecordBatch original = sent.get(i).batches().iterator().next();
                assertThat(batches.get(i).compressionType()).isEqualTo(original.compressionType());
                assertThat(batches.get(i).checksum()).isEqualTo(original.checksum());
                assertThat(batches.get(i).baseOffset()).isEqualTo(3L * i);
            }
            assertThat(values(fetched)).containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c");
        }
    }

    @Test
    void aCompressedBatchThatDoesNotDecompressIsRefusedAsCorrupt() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.gzip().build(), record("a"), record("b"));
        ByteBuffer buffer = records.buffer();
        int payload = 61; // the first byte after the v2 batch header
        buffer.put(payload + 12, (byte) (buffer.get(payload + 12) ^ 0x5a));
        // A valid CRC over the damaged payload, so that only decompression can tell.
        long crc = Crc32C.compute(buffer, 21, buffer.limit() - 21);
        buffer.putInt(17, (int) crc);
        try (KafkaWireClient client = client()) {
            short v = ApiKeys.PRODUCE.latestVersion();
            ProduceResponseData response = (ProduceResponseData) client.send(produce(v,
                    MemoryRecords.readableRecords(buffer)), v);
            ProduceResponseData.PartitionProduceResponse partition =
                    response.responses().iterator().next().partitionResponses().get(0);
            assertThat(partition.errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
            assertThat(partition.errorMessage()).contains("gzip");
        }
        assertThat(server.broker().logEndOffset("t", 0)).isZero();
    }

    @Test
    void anIdempotentRetryIsAnsweredWithItsOriginalOffsetAndAGapIsRefused() throws Exception {
        try (KafkaWireClient client = client()) {
            InitProducerIdResponseData init = (InitProducerIdResponseData) client.send(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(-1), (short) 5);
            assertThat(init.errorCode()).isZero();
            long producerId = init.producerId();
            short v = ApiKeys.PRODUCE.latestVersion();
            MemoryRecords first = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, init.producerEpoch(),
                    0, record("a"), record("b"));
            MemoryRecords second = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId,
                    init.producerEpoch(), 2, record("c"));
            assertThat(partitionResult(client.send(produce(v, first), v)).baseOffset()).isZero();
            assertThat(partitionResult(client.send(produce(v, second), v)).baseOffset()).isEqualTo(2);
            // The first batch again, as a producer retries after a lost response.
            MemoryRecords retry = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, init.producerEpoch(),
                    0, record("a"), record("b"));
            ProduceResponseData.PartitionProduceResponse duplicate = partitionResult(client.send(produce(v, retry), v));
            assertThat(duplicate.errorCode()).isZero();
            assertThat(duplicate.baseOffset()).isZero();
            MemoryRecords gap = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, init.producerEpoch(),
                    7, record("x"));
            assertThat(partitionResult(client.send(produce(v, gap), v)).errorCode())
                    .isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            // KIP-360: the producer bumps its epoch and starts again at sequence 0.
            InitProducerIdResponseData bumped = (InitProducerIdResponseData) client.send(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(-1).setProducerId(producerId)
                    .setProducerEpoch(init.producerEpoch()), (short) 5);
            assertThat(bumped.producerId()).isEqualTo(producerId);
            assertThat(bumped.producerEpoch()).isEqualTo((short) (init.producerEpoch() + 1));
        }
        assertThat(server.broker().logEndOffset("t", 0)).isEqualTo(3);
    }

    private static ProduceResponseData.PartitionProduceResponse partitionResult(
            org.apache.kafka.common.protocol.ApiMessage response) {
        return ((ProduceResponseData) response).responses().iterator().next().partitionResponses().get(0);
    }

    @Test
    void listOffsetsAndFindCoordinatorInEveryVersion() throws Exception {
        try (KafkaWireClient client = client()) {
            short pv = ApiKeys.PRODUCE.latestVersion();
            client.send(produce(pv, MemoryRecords.withRecords(Compression.NONE, record("x"), record("y"))), pv);
            for (short v = ApiKeys.LIST_OFFSETS.oldestVersion(); v <= ApiKeys.LIST_OFFSETS.latestVersion(); v++) {
                ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                        new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1)))));
                ListOffsetsResponseData response = (ListOffsetsResponseData) client.send(request, v);
                assertThat(response.topics().get(0).partitions().get(0).offset()).as("v%d", v).isEqualTo(2);
            }
            for (short v = 0; v <= ApiKeys.FIND_COORDINATOR.latestVersion(); v++) {
                FindCoordinatorRequestData request = new FindCoordinatorRequestData();
                if (v < 4) {
                    request.setKey("g");
                } else {
                    request.setCoordinatorKeys(List.of("g"));
                }
                FindCoordinatorResponseData response = (FindCoordinatorResponseData) client.send(request, v);
                int port = v < 4 ? response.port() : response.coordinators().get(0).port();
                assertThat(port).as("v%d", v).isEqualTo(server.kafkaPort());
            }
        }
    }

    @Test
    void anApiThatIsNotServedGetsItsUnsupportedVersionResponse() throws Exception {
        try (KafkaWireClient client = client()) {
            org.apache.kafka.common.message.DescribeLogDirsResponseData response =
                    (org.apache.kafka.common.message.DescribeLogDirsResponseData) client.send(
                            new org.apache.kafka.common.message.DescribeLogDirsRequestData().setTopics(null), (short) 4);
            assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            // The connection stays usable.
            assertThat(((ApiVersionsResponseData) client.send(new ApiVersionsRequestData(), (short) 0)).errorCode())
                    .isZero();
        }
    }

    @Test
    void theAclApisAnswerSecurityDisabledWithoutTheAuthorizer() throws Exception {
        try (KafkaWireClient client = client()) {
            DescribeAclsResponseData response = (DescribeAclsResponseData) client.send(new DescribeAclsRequestData()
                    .setResourceTypeFilter((byte) 1).setPatternTypeFilter((byte) 1).setOperation((byte) 1)
                    .setPermissionType((byte) 1), (short) 3);
            assertThat(response.errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
            assertThat(response.errorMessage()).contains("authorizer.enabled=false");
        }
    }

    @Test
    void aProduceVersionKafkaNoLongerAcceptsClosesTheConnection() throws Exception {
        // Produce v2 (removed in Kafka 4): the header alone is enough for the broker to refuse it.
        try (java.net.Socket socket = new java.net.Socket(server.kafkaAddress().getAddress(), server.kafkaPort())) {
            socket.setSoTimeout(10_000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            out.writeInt(10);
            out.writeShort(ApiKeys.PRODUCE.id);
            out.writeShort(2);
            out.writeInt(1);
            out.writeShort(-1);
            out.flush();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private ProduceRequestData produce(short version, MemoryRecords records) {
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData()
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records)));
        if (version >= 13) {
            topic.setTopicId(topicId);
        } else {
            topic.setName("t");
        }
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(topic);
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics);
    }

    private FetchRequestData fetch(short version, long offset) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset)
                        .setPartitionMaxBytes(1 << 20)));
        if (version >= 13) {
            topic.setTopicId(topicId);
        } else {
            topic.setTopic("t");
        }
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                .setSessionEpoch(-1).setTopics(List.of(topic));
    }

    private static SimpleRecord record(String value) {
        return new SimpleRecord(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(MemoryRecords records) {
        List<String> values = new ArrayList<>();
        for (Record record : records.records()) {
            byte[] bytes = new byte[record.valueSize()];
            record.value().get(bytes);
            values.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return values;
    }
}
