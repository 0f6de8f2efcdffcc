package dev.brook.protocol.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.record.Header;
import dev.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One non-trivial instance of every message type, with the reader that decodes it: several topics
 * and partitions, null and non-null nullable strings, non-ASCII names (one with a 4-byte code
 * point), empty arrays, null arrays where the layout allows them and real record batches.
 */
final class SampleMessages {
    /** A topic name with a 2-byte, a 3-byte and a 4-byte (surrogate pair) UTF-8 character. */
    static final String UNICODE_TOPIC = "grüße-日本-🦆";

    private SampleMessages() {
    }

    /** A message, a name for test reports, and how to read it back from exactly its bytes. */
    record Case(String name, Message message, Function<ByteBuffer, ?> reader) {
        /** Decodes {@code buffer} the way the server and client do: through {@link Wire#read}. */
        Object read(ByteBuffer buffer) {
            return Wire.read(buffer, name, reader);
        }

        byte[] bytes() {
            ByteBuffer buffer = message.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> all() {
        List<Case> all = new ArrayList<>(headers());
        all.addAll(requests());
        all.addAll(responses());
        return all;
    }

    static List<Case> headers() {
        return List.of(
                new Case("RequestHeader with a client id", new RequestHeader((short) 3, (short) 0, 42, "cliënt-🦆"),
                        RequestHeader::read),
                new Case("RequestHeader without a client id", new RequestHeader((short) 0, (short) 7, -1, null),
                        RequestHeader::read),
                new Case("ResponseHeader ok", ResponseHeader.ok(42), ResponseHeader::read),
                new Case("ResponseHeader with an error",
                        new ResponseHeader(Integer.MIN_VALUE, ErrorCode.UNSUPPORTED_VERSION, "Produce v9 ✗"),
                        ResponseHeader::read));
    }

    static List<Case> requests() {
        return List.of(
                new Case("ProduceRequest", produceRequest(), b -> ProduceRequest.read(b, (short) 0)),
                new Case("FetchRequest", new FetchRequest(500, 1, 1 << 20, List.of(
                        new FetchRequest.TopicData("orders", List.of(
                                new FetchRequest.PartitionData(0, 0L, 65_536),
                                new FetchRequest.PartitionData(7, Long.MAX_VALUE, 1))),
                        new FetchRequest.TopicData(UNICODE_TOPIC, List.of(
                                new FetchRequest.PartitionData(1, 4_711L, Integer.MAX_VALUE))),
                        new FetchRequest.TopicData("idle", List.of()))),
                        b -> FetchRequest.read(b, (short) 0)),
                new Case("ListOffsetsRequest", new ListOffsetsRequest(List.of(
                        new ListOffsetsRequest.TopicData("orders", List.of(
                                new ListOffsetsRequest.PartitionData(0, ListOffsetsRequest.EARLIEST),
                                new ListOffsetsRequest.PartitionData(1, ListOffsetsRequest.LATEST),
                                new ListOffsetsRequest.PartitionData(2, 1_700_000_000_000L))),
                        new ListOffsetsRequest.TopicData(UNICODE_TOPIC, List.of()))),
                        b -> ListOffsetsRequest.read(b, (short) 0)),
                new Case("MetadataRequest for every topic (null array)", new MetadataRequest(null),
                        b -> MetadataRequest.read(b, (short) 0)),
                new Case("MetadataRequest for no topic (empty array)", new MetadataRequest(List.of()),
                        b -> MetadataRequest.read(b, (short) 0)),
                new Case("MetadataRequest for named topics", new MetadataRequest(List.of("test", UNICODE_TOPIC, "")),
                        b -> MetadataRequest.read(b, (short) 0)),
                new Case("ApiVersionsRequest", new ApiVersionsRequest(), b -> ApiVersionsRequest.read(b, (short) 0)),
                new Case("CreateTopicsRequest", new CreateTopicsRequest(List.of(
                        new CreateTopicsRequest.TopicSpec("orders", 12, (short) 1, List.of(
                                new CreateTopicsRequest.Config("retention.ms", "86400000"),
                                new CreateTopicsRequest.Config("segment.bytes", null))),
                        new CreateTopicsRequest.TopicSpec(UNICODE_TOPIC, 1, (short) -1, List.of())), true),
                        b -> CreateTopicsRequest.read(b, (short) 0)),
                new Case("DeleteTopicsRequest", new DeleteTopicsRequest(List.of("orders", UNICODE_TOPIC)),
                        b -> DeleteTopicsRequest.read(b, (short) 0)),
                new Case("DescribeConfigsRequest", new DescribeConfigsRequest(List.of(
                        new DescribeConfigsRequest.TopicKeys("orders", null),
                        new DescribeConfigsRequest.TopicKeys(UNICODE_TOPIC, List.of("retention.ms", "flush.ms")),
                        new DescribeConfigsRequest.TopicKeys("idle", List.of()))),
                        b -> DescribeConfigsRequest.read(b, (short) 0)),
                new Case("CreatePartitionsRequest", new CreatePartitionsRequest(List.of(
                        new CreatePartitionsRequest.TopicCount("orders", 24),
                        new CreatePartitionsRequest.TopicCount(UNICODE_TOPIC, 2))),
                        b -> CreatePartitionsRequest.read(b, (short) 0)),
                new Case("AlterConfigsRequest", new AlterConfigsRequest(List.of(
                        new AlterConfigsRequest.TopicChanges("orders", List.of(
                                new AlterConfigsRequest.Change("retention.ms", AlterConfigsRequest.SET, "3600000"),
                                new AlterConfigsRequest.Change("flush.ms", AlterConfigsRequest.DELETE, null))),
                        new AlterConfigsRequest.TopicChanges(UNICODE_TOPIC, List.of()))),
                        b -> AlterConfigsRequest.read(b, (short) 0)),
                new Case("ConsumerGroupHeartbeatRequest joining", new ConsumerGroupHeartbeatRequest("payments", null,
                        ConsumerGroupHeartbeatRequest.JOIN_EPOCH, 300_000, List.of("orders", UNICODE_TOPIC),
                        ConsumerGroupHeartbeatRequest.UNIFORM, List.of()),
                        b -> ConsumerGroupHeartbeatRequest.read(b, (short) 0)),
                new Case("ConsumerGroupHeartbeatRequest joining with an empty member id and subscription",
                        new ConsumerGroupHeartbeatRequest("", "", 0, 0, List.of(), "", List.of()),
                        b -> ConsumerGroupHeartbeatRequest.read(b, (short) 0)),
                new Case("ConsumerGroupHeartbeatRequest acknowledging a revocation", new ConsumerGroupHeartbeatRequest(
                        "payments", "member-🦆-1", 7, 300_000, null, null, List.of(
                                new TopicPartitions("orders", List.of(0, 2, Integer.MAX_VALUE)),
                                new TopicPartitions(UNICODE_TOPIC, List.of()))),
                        b -> ConsumerGroupHeartbeatRequest.read(b, (short) 0)),
                new Case("ConsumerGroupHeartbeatRequest leaving (every field unchanged)",
                        new ConsumerGroupHeartbeatRequest(UNICODE_TOPIC, "member-1",
                                ConsumerGroupHeartbeatRequest.LEAVE_EPOCH, -1, null, null, null),
                        b -> ConsumerGroupHeartbeatRequest.read(b, (short) 0)),
                new Case("OffsetCommitRequest from a member", new OffsetCommitRequest("payments", "member-1", 7,
                        List.of(new OffsetCommitRequest.TopicOffsets("orders", List.of(
                                new OffsetCommitRequest.PartitionOffset(0, 4_711L, null),
                                new OffsetCommitRequest.PartitionOffset(2, Long.MAX_VALUE, "host-ü:7"))),
                        new OffsetCommitRequest.TopicOffsets(UNICODE_TOPIC, List.of(
                                new OffsetCommitRequest.PartitionOffset(1, 0L, ""))),
                        new OffsetCommitRequest.TopicOffsets("idle", List.of()))),
                        b -> OffsetCommitRequest.read(b, (short) 0)),
                new Case("OffsetCommitRequest outside membership", new OffsetCommitRequest("grüße-🦆", null,
                        OffsetCommitRequest.NO_MEMBER_EPOCH, List.of(new OffsetCommitRequest.TopicOffsets("orders",
                                List.of(new OffsetCommitRequest.PartitionOffset(3, 12L, null))))),
                        b -> OffsetCommitRequest.read(b, (short) 0)),
                new Case("OffsetFetchRequest for every committed offset (null array)",
                        new OffsetFetchRequest("payments", null), b -> OffsetFetchRequest.read(b, (short) 0)),
                new Case("OffsetFetchRequest for named partitions", new OffsetFetchRequest("grüße-🦆", List.of(
                        new TopicPartitions("orders", List.of(0, 1, 7)),
                        new TopicPartitions(UNICODE_TOPIC, List.of(0)),
                        new TopicPartitions("idle", List.of()))),
                        b -> OffsetFetchRequest.read(b, (short) 0)),
                new Case("ListGroupsRequest", new ListGroupsRequest(), b -> ListGroupsRequest.read(b, (short) 0)),
                new Case("DescribeGroupsRequest", new DescribeGroupsRequest(List.of("payments", "", "grüße-🦆")),
                        b -> DescribeGroupsRequest.read(b, (short) 0)),
                new Case("DeleteGroupsRequest", new DeleteGroupsRequest(List.of("payments", "grüße-🦆")),
                        b -> DeleteGroupsRequest.read(b, (short) 0)),
                new Case("SaslHandshakeRequest", new SaslHandshakeRequest("SCRAM-SHA-512"),
                        b -> SaslHandshakeRequest.read(b, (short) 0)),
                new Case("SaslAuthBytes with the client's SCRAM message", new SaslAuthBytes(
                        "n,,n=alice,r=fyko+d2lbbFgONRv9qkxdawL".getBytes(UTF_8)),
                        b -> SaslAuthBytes.read(b, (short) 0)),
                new Case("SaslAuthBytes with no bytes", new SaslAuthBytes(new byte[0]),
                        b -> SaslAuthBytes.read(b, (short) 0)));
    }

    static List<Case> responses() {
        return List.of(
                new Case("ProduceResponse", new ProduceResponse(List.of(
                        new ProduceResponse.TopicResult("orders", List.of(
                                new ProduceResponse.PartitionResult(0, ErrorCode.NONE, null, 4_711L, -1L, 0L),
                                new ProduceResponse.PartitionResult(3, ErrorCode.NONE, null, 0L, 1_700_000_000_123L,
                                        0L),
                                ProduceResponse.PartitionResult.error(9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                                        "partition orders-9 does not exist"))),
                        new ProduceResponse.TopicResult(UNICODE_TOPIC, List.of(
                                ProduceResponse.PartitionResult.error(0, ErrorCode.CORRUPT_MESSAGE,
                                        "CRC mismatch in " + UNICODE_TOPIC + "-0"))),
                        new ProduceResponse.TopicResult("idle", List.of()))),
                        b -> ProduceResponse.read(b, (short) 0)),
                new Case("FetchResponse", new FetchResponse(List.of(
                        new FetchResponse.TopicResult("orders", List.of(
                                new FetchResponse.PartitionResult(0, ErrorCode.NONE, null, 0L, 3L, records(
                                        batch(0L, "a", "b"), batch(2L, "c"))),
                                new FetchResponse.PartitionResult(1, ErrorCode.NONE, null, 10L, 10L, records()),
                                FetchResponse.PartitionResult.error(2, ErrorCode.OFFSET_OUT_OF_RANGE,
                                        "offset 99 is not in orders-2, which holds [10, 10)"))),
                        new FetchResponse.TopicResult(UNICODE_TOPIC, List.of(
                                new FetchResponse.PartitionResult(0, ErrorCode.NONE, null, 0L, 1L,
                                        records(batch(0L, "🦆"))))))),
                        b -> FetchResponse.read(b, (short) 0)),
                new Case("ListOffsetsResponse", new ListOffsetsResponse(List.of(
                        new ListOffsetsResponse.TopicResult("orders", List.of(
                                new ListOffsetsResponse.PartitionResult(0, ErrorCode.NONE, null, 0L),
                                new ListOffsetsResponse.PartitionResult(1, ErrorCode.NONE, null, -1L),
                                new ListOffsetsResponse.PartitionResult(5, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                                        "no partition 5", -1L))),
                        new ListOffsetsResponse.TopicResult(UNICODE_TOPIC, List.of()))),
                        b -> ListOffsetsResponse.read(b, (short) 0)),
                new Case("MetadataResponse", new MetadataResponse(0, "broker-1.example", 9092, List.of(
                        new MetadataResponse.TopicMetadata(ErrorCode.NONE, null, "orders",
                                UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"), List.of(
                                        new MetadataResponse.PartitionMetadata(0, 0, 0L, 17L),
                                        new MetadataResponse.PartitionMetadata(1, 0, 5L, 5L))),
                        new MetadataResponse.TopicMetadata(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                                "topic " + UNICODE_TOPIC + " does not exist", UNICODE_TOPIC,
                                MetadataResponse.NO_TOPIC_ID, List.of()))),
                        b -> MetadataResponse.read(b, (short) 0)),
                new Case("MetadataResponse with no topics", new MetadataResponse(-1, "", 0, List.of()),
                        b -> MetadataResponse.read(b, (short) 0)),
                new Case("ApiVersionsResponse", ApiVersionsResponse.current(104_857_600),
                        b -> ApiVersionsResponse.read(b, (short) 0)),
                new Case("CreateTopicsResponse", new CreateTopicsResponse(List.of(
                        new CreateTopicsResponse.TopicResult("orders", ErrorCode.NONE, null,
                                UUID.fromString("00000000-0000-0001-ffff-ffffffffffff")),
                        new CreateTopicsResponse.TopicResult(UNICODE_TOPIC, ErrorCode.TOPIC_ALREADY_EXISTS,
                                "topic " + UNICODE_TOPIC + " already exists", new UUID(0, 0)))),
                        b -> CreateTopicsResponse.read(b, (short) 0)),
                new Case("DescribeConfigsResponse", new DescribeConfigsResponse(List.of(
                        new DescribeConfigsResponse.TopicConfigs("orders", ErrorCode.NONE, null, List.of(
                                new DescribeConfigsResponse.ConfigEntry("retention.ms", "86400000", false),
                                new DescribeConfigsResponse.ConfigEntry("cleanup.policy", "delete", true))),
                        new DescribeConfigsResponse.TopicConfigs(UNICODE_TOPIC, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                                "no such topic", List.of()))),
                        b -> DescribeConfigsResponse.read(b, (short) 0)),
                new Case("TopicErrorsResponse", new TopicErrorsResponse(List.of(
                        TopicError.ok("orders"),
                        new TopicError(UNICODE_TOPIC, ErrorCode.INVALID_PARTITIONS, "2 is not more than 2"),
                        new TopicError("", ErrorCode.INVALID_TOPIC_EXCEPTION, null))),
                        b -> TopicErrorsResponse.read(b, (short) 0)),
                new Case("TopicErrorsResponse with no topics", new TopicErrorsResponse(List.of()),
                        b -> TopicErrorsResponse.read(b, (short) 0)),
                new Case("ConsumerGroupHeartbeatResponse with a new assignment", new ConsumerGroupHeartbeatResponse(
                        "member-🦆-1", 8, 5_000, List.of(
                                new TopicPartitions("orders", List.of(0, 2)),
                                new TopicPartitions(UNICODE_TOPIC, List.of(1)))),
                        b -> ConsumerGroupHeartbeatResponse.read(b, (short) 0)),
                new Case("ConsumerGroupHeartbeatResponse with an unchanged assignment (null)",
                        new ConsumerGroupHeartbeatResponse("member-1", 8, 5_000, null),
                        b -> ConsumerGroupHeartbeatResponse.read(b, (short) 0)),
                new Case("ConsumerGroupHeartbeatResponse with nothing assigned (empty)",
                        new ConsumerGroupHeartbeatResponse("", -1, Integer.MAX_VALUE, List.of()),
                        b -> ConsumerGroupHeartbeatResponse.read(b, (short) 0)),
                new Case("OffsetCommitResponse", new OffsetCommitResponse(List.of(
                        new OffsetCommitResponse.TopicResult("orders", List.of(
                                OffsetCommitResponse.PartitionResult.ok(0),
                                new OffsetCommitResponse.PartitionResult(9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                                        "partition orders-9 does not exist"))),
                        new OffsetCommitResponse.TopicResult(UNICODE_TOPIC, List.of(
                                OffsetCommitResponse.PartitionResult.ok(1))),
                        new OffsetCommitResponse.TopicResult("idle", List.of()))),
                        b -> OffsetCommitResponse.read(b, (short) 0)),
                new Case("OffsetFetchResponse", new OffsetFetchResponse(List.of(
                        new OffsetFetchResponse.TopicResult("orders", List.of(
                                new OffsetFetchResponse.PartitionResult(0, 4_711L, "host-ü:7", ErrorCode.NONE, null),
                                new OffsetFetchResponse.PartitionResult(1, 0L, "", ErrorCode.NONE, null),
                                OffsetFetchResponse.PartitionResult.none(2),
                                OffsetFetchResponse.PartitionResult.error(9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                                        "partition orders-9 does not exist"))),
                        new OffsetFetchResponse.TopicResult(UNICODE_TOPIC, List.of(
                                new OffsetFetchResponse.PartitionResult(0, Long.MAX_VALUE, null, ErrorCode.NONE,
                                        null))))),
                        b -> OffsetFetchResponse.read(b, (short) 0)),
                new Case("OffsetFetchResponse with no topics", new OffsetFetchResponse(List.of()),
                        b -> OffsetFetchResponse.read(b, (short) 0)),
                new Case("ListGroupsResponse", new ListGroupsResponse(List.of(
                        new ListGroupsResponse.ListedGroup("payments", "Stable", 3),
                        new ListGroupsResponse.ListedGroup("grüße-🦆", "Empty", 0),
                        new ListGroupsResponse.ListedGroup("", "Reconciling", Integer.MAX_VALUE))),
                        b -> ListGroupsResponse.read(b, (short) 0)),
                new Case("ListGroupsResponse with no groups", new ListGroupsResponse(List.of()),
                        b -> ListGroupsResponse.read(b, (short) 0)),
                new Case("DescribeGroupsResponse", new DescribeGroupsResponse(List.of(
                        new DescribeGroupsResponse.DescribedGroup("payments", ErrorCode.NONE, null, "Reconciling",
                                ConsumerGroupHeartbeatRequest.UNIFORM, 12, List.of(
                                        new DescribeGroupsResponse.Member("member-1", "cliënt-🦆", 12, List.of(
                                                new TopicPartitions("orders", List.of(0, 1)),
                                                new TopicPartitions(UNICODE_TOPIC, List.of(0)))),
                                        new DescribeGroupsResponse.Member("member-2", "", 11, List.of())),
                                List.of(
                                        new DescribeGroupsResponse.TopicLag("orders", List.of(
                                                new DescribeGroupsResponse.PartitionLag(0, 40L, 42L, 2L),
                                                new DescribeGroupsResponse.PartitionLag(1, -1L, 7L, -1L))),
                                        new DescribeGroupsResponse.TopicLag(UNICODE_TOPIC, List.of(
                                                new DescribeGroupsResponse.PartitionLag(0, 0L, 0L, 0L))))),
                        new DescribeGroupsResponse.DescribedGroup("idle", ErrorCode.NONE, null, "Empty", null, 3,
                                List.of(), List.of(new DescribeGroupsResponse.TopicLag("orders", List.of()))),
                        DescribeGroupsResponse.DescribedGroup.error("grüße-🦆", ErrorCode.GROUP_ID_NOT_FOUND,
                                "group grüße-🦆 does not exist"))),
                        b -> DescribeGroupsResponse.read(b, (short) 0)),
                new Case("DeleteGroupsResponse", new DeleteGroupsResponse(List.of(
                        DeleteGroupsResponse.GroupResult.ok("payments"),
                        new DeleteGroupsResponse.GroupResult("busy", ErrorCode.NON_EMPTY_GROUP,
                                "group busy has 2 members"),
                        new DeleteGroupsResponse.GroupResult("", ErrorCode.INVALID_GROUP_ID, null))),
                        b -> DeleteGroupsResponse.read(b, (short) 0)),
                new Case("SaslHandshakeResponse", new SaslHandshakeResponse(List.of("PLAIN", "SCRAM-SHA-512")),
                        b -> SaslHandshakeResponse.read(b, (short) 0)),
                new Case("SaslAuthBytes with the broker's SCRAM message", new SaslAuthBytes(
                        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096".getBytes(UTF_8)),
                        b -> SaslAuthBytes.read(b, (short) 0)));
    }

    private static ProduceRequest produceRequest() {
        return new ProduceRequest((short) -1, 30_000, List.of(
                new ProduceRequest.TopicData("orders", List.of(
                        new ProduceRequest.PartitionData(0, records(batch(0L, "k1=v1", "k2=v2"), batch(0L, "k3=v3"))),
                        new ProduceRequest.PartitionData(3, records(batchWithHeaders())))),
                new ProduceRequest.TopicData(UNICODE_TOPIC, List.of(
                        new ProduceRequest.PartitionData(1, records(batch(0L, "🦆 quack"))))),
                new ProduceRequest.TopicData("idle", List.of())));
    }

    /** One batch of values (keys null), timestamps 1000, 1001, ... */
    static ByteBuffer batch(long baseOffset, String... values) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(1024), baseOffset);
        for (int i = 0; i < values.length; i++) {
            builder.append(1_000L + i, null, values[i].getBytes(UTF_8));
        }
        return builder.build();
    }

    private static ByteBuffer batchWithHeaders() {
        return RecordBatchBuilder.allocate(1024)
                .producer(77L, (short) 1, 0)
                .append(5_000L, ByteBuffer.wrap("key".getBytes(UTF_8)), ByteBuffer.wrap(new byte[] {0, 1, 2}),
                        new Header("trace", "abc".getBytes(UTF_8)), new Header("empty", null))
                .build();
    }

    /** Batches laid end to end, as one records field. */
    static RecordsPayload records(ByteBuffer... batches) {
        int size = Arrays.stream(batches).mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer batch : batches) {
            all.put(batch.duplicate());
        }
        return RecordsPayload.wrap(all.flip());
    }
}
