package dev.brook.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins the documented layouts (the messages' Javadoc and {@code docs/protocol.md}) against
 * hand-written bytes, so that a change to the wire format cannot pass as a refactoring: the
 * round-trip tests alone would accept a writer and reader that changed together.
 */
class MessageLayoutTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void requestHeaderIsKeyVersionCorrelationIdThenClientId() {
        assertThat(hex(new RequestHeader((short) 3, (short) 0, 7, "cli")))
                .isEqualTo(bytes("0003 0000 00000007 0003 636c69"));
    }

    @Test
    void requestHeaderWithoutAClientIdEndsWithLengthMinusOne() {
        assertThat(hex(new RequestHeader((short) 18, (short) 0, 1, null)))
                .isEqualTo(bytes("0012 0000 00000001 ffff"));
    }

    @Test
    void stringsAreUtf8BytesCountedInBytesNotCharacters() {
        assertThat(hex(new RequestHeader((short) 0, (short) 0, 0, "ü🦆")))
                .isEqualTo(bytes("0000 0000 00000000 0006 c3bc f09fa686"));
    }

    @Test
    void responseHeaderOfAServedRequestIsCorrelationIdNoneAndANullMessage() {
        assertThat(hex(ResponseHeader.ok(7))).isEqualTo(bytes("00000007 0000 ffff"));
    }

    @Test
    void responseHeaderOfARefusedRequestCarriesTheCodeAndMessage() {
        assertThat(hex(new ResponseHeader(7, ErrorCode.UNSUPPORTED_VERSION, "no")))
                .isEqualTo(bytes("00000007 0023 0002 6e6f"));
    }

    @Test
    void produceRequestWithOnePartitionIsAcksTimeoutTopicPartitionAndRecords() {
        ByteBuffer batch = SampleMessages.batch(0L, "v");
        ProduceRequest request = new ProduceRequest((short) 1, 1_000, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(2, RecordsPayload.wrap(batch))))));

        assertThat(hex(request)).isEqualTo(bytes("0001 000003e8 00000001 0001 74 00000001 00000002")
                + String.format("%08x", batch.remaining()) + hex(batch));
    }

    @Test
    void nullRecordsAreLengthMinusOne() {
        ProduceRequest request = new ProduceRequest((short) -1, 0, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(0, null)))));

        assertThat(hex(request)).isEqualTo(bytes("ffff 00000000 00000001 0001 74 00000001 00000000 ffffffff"));
    }

    @Test
    void fetchRequestIsWaitMinMaxThenTopicsOfPartitionOffsetAndLimit() {
        FetchRequest request = new FetchRequest(500, 1, 1 << 20, List.of(new FetchRequest.TopicData("t",
                List.of(new FetchRequest.PartitionData(0, 5L, 65_536)))));

        assertThat(hex(request)).isEqualTo(bytes(
                "000001f4 00000001 00100000 00000001 0001 74 00000001 00000000 0000000000000005 00010000"));
    }

    @Test
    void metadataRequestTopicsAreAnArrayOfStringsOrNullForAll() {
        assertThat(hex(new MetadataRequest(List.of("test")))).isEqualTo(bytes("00000001 0004 74657374"));
        assertThat(hex(new MetadataRequest(List.of()))).isEqualTo(bytes("00000000"));
        assertThat(hex(new MetadataRequest(null))).isEqualTo(bytes("ffffffff"));
    }

    @Test
    void apiVersionsRequestBodyIsEmpty() {
        assertThat(new ApiVersionsRequest().toByteBuffer().remaining()).isZero();
    }

    @Test
    void apiVersionsResponseListsKeyMinMaxThenTheFrameLimit() {
        ApiVersionsResponse response = new ApiVersionsResponse(List.of(
                new ApiVersionsResponse.ApiVersion((short) 0, (short) 0, (short) 0),
                new ApiVersionsResponse.ApiVersion((short) 18, (short) 0, (short) 2)), 104_857_600);

        assertThat(hex(response)).isEqualTo(bytes("00000002 0000 0000 0000 0012 0000 0002 06400000"));
    }

    @Test
    void uuidsAreSixteenBytesMostSignificantFirst() {
        CreateTopicsResponse response = new CreateTopicsResponse(List.of(new CreateTopicsResponse.TopicResult("t",
                ErrorCode.NONE, null, UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"))));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 74 0000 ffff 00112233445566778899aabbccddeeff"));
    }

    @Test
    void createTopicsRequestEndsWithTheValidateOnlyBoolean() {
        CreateTopicsRequest request = new CreateTopicsRequest(List.of(new CreateTopicsRequest.TopicSpec("t", 3,
                (short) -1, List.of(new CreateTopicsRequest.Config("k", null)))), true);

        assertThat(hex(request)).isEqualTo(bytes("00000001 0001 74 00000003 ffff 00000001 0001 6b ffff 01"));
    }

    @Test
    void alterConfigsOperationIsOneByte() {
        AlterConfigsRequest request = new AlterConfigsRequest(List.of(new AlterConfigsRequest.TopicChanges("t",
                List.of(new AlterConfigsRequest.Change("k", AlterConfigsRequest.DELETE, null)))));

        assertThat(hex(request)).isEqualTo(bytes("00000001 0001 74 00000001 0001 6b 01 ffff"));
    }

    @Test
    void metadataResponseIsBrokerHostPortThenTopics() {
        MetadataResponse response = new MetadataResponse(1, "h", 9092, List.of(new MetadataResponse.TopicMetadata(
                ErrorCode.NONE, null, "t", new UUID(1, 2), List.of(new MetadataResponse.PartitionMetadata(0, 1, 0L, 3L)))));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 68 00002384 00000001 0000 ffff 0001 74"
                + " 0000000000000001 0000000000000002 00000001 00000000 00000001 0000000000000000 0000000000000003"));
    }

    @Test
    void topicErrorsResponseIsNameCodeMessagePerTopic() {
        TopicErrorsResponse response = new TopicErrorsResponse(List.of(
                new TopicError("t", ErrorCode.TOPIC_ALREADY_EXISTS, "x")));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 74 0024 0001 78"));
    }

    @Test
    void heartbeatRequestIsGroupMemberEpochTimeoutSubscriptionAssignorThenOwnedPartitions() {
        ConsumerGroupHeartbeatRequest join = new ConsumerGroupHeartbeatRequest("g", null, 0, 1_000, List.of("t"),
                "range", List.of(new TopicPartitions("t", List.of(1, 2))));

        assertThat(hex(join)).isEqualTo(bytes("0001 67 ffff 00000000 000003e8 00000001 0001 74 0005 72616e6765"
                + " 00000001 0001 74 00000002 00000001 00000002"));
    }

    @Test
    void heartbeatRequestSendsNullForWhatIsUnchanged() {
        ConsumerGroupHeartbeatRequest heartbeat = new ConsumerGroupHeartbeatRequest("g", "m", 3, 1_000, null, null,
                null);

        assertThat(hex(heartbeat)).isEqualTo(bytes("0001 67 0001 6d 00000003 000003e8 ffffffff ffff ffffffff"));
    }

    @Test
    void leavingIsEpochMinusOne() {
        ConsumerGroupHeartbeatRequest leave = new ConsumerGroupHeartbeatRequest("g", "m",
                ConsumerGroupHeartbeatRequest.LEAVE_EPOCH, 0, null, null, null);

        assertThat(hex(leave)).isEqualTo(bytes("0001 67 0001 6d ffffffff 00000000 ffffffff ffff ffffffff"));
    }

    @Test
    void heartbeatResponseIsMemberEpochIntervalThenAssignmentOrNull() {
        assertThat(hex(new ConsumerGroupHeartbeatResponse("m", 4, 5_000, List.of(new TopicPartitions("t",
                List.of(0)))))).isEqualTo(bytes("0001 6d 00000004 00001388 00000001 0001 74 00000001 00000000"));
        assertThat(hex(new ConsumerGroupHeartbeatResponse("m", 4, 5_000, null)))
                .isEqualTo(bytes("0001 6d 00000004 00001388 ffffffff"));
        assertThat(hex(new ConsumerGroupHeartbeatResponse("m", 4, 5_000, List.of())))
                .isEqualTo(bytes("0001 6d 00000004 00001388 00000000"));
    }

    @Test
    void offsetCommitRequestIsGroupMemberEpochThenPartitionOffsetMetadata() {
        OffsetCommitRequest request = new OffsetCommitRequest("g", null, OffsetCommitRequest.NO_MEMBER_EPOCH,
                List.of(new OffsetCommitRequest.TopicOffsets("t", List.of(
                        new OffsetCommitRequest.PartitionOffset(2, 42L, "x"),
                        new OffsetCommitRequest.PartitionOffset(3, 0L, null)))));

        assertThat(hex(request)).isEqualTo(bytes("0001 67 ffff ffffffff 00000001 0001 74 00000002"
                + " 00000002 000000000000002a 0001 78 00000003 0000000000000000 ffff"));
    }

    @Test
    void offsetCommitResponseIsPartitionCodeMessage() {
        OffsetCommitResponse response = new OffsetCommitResponse(List.of(new OffsetCommitResponse.TopicResult("t",
                List.of(new OffsetCommitResponse.PartitionResult(2, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null)))));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 74 00000001 00000002 0003 ffff"));
    }

    @Test
    void offsetFetchRequestIsGroupThenPartitionsOrNullForAll() {
        assertThat(hex(new OffsetFetchRequest("g", List.of(new TopicPartitions("t", List.of(3))))))
                .isEqualTo(bytes("0001 67 00000001 0001 74 00000001 00000003"));
        assertThat(hex(new OffsetFetchRequest("g", null))).isEqualTo(bytes("0001 67 ffffffff"));
    }

    @Test
    void offsetFetchResponseIsPartitionOffsetMetadataThenCodeAndMessage() {
        OffsetFetchResponse response = new OffsetFetchResponse(List.of(new OffsetFetchResponse.TopicResult("t",
                List.of(new OffsetFetchResponse.PartitionResult(3, 42L, "x", ErrorCode.NONE, null),
                        OffsetFetchResponse.PartitionResult.none(4)))));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 74 00000002"
                + " 00000003 000000000000002a 0001 78 0000 ffff"
                + " 00000004 ffffffffffffffff ffff 0000 ffff"));
    }

    @Test
    void listGroupsRequestBodyIsEmptyAndItsResponseIsIdStateMemberCount() {
        assertThat(new ListGroupsRequest().toByteBuffer().remaining()).isZero();
        assertThat(hex(new ListGroupsResponse(List.of(new ListGroupsResponse.ListedGroup("g", "Stable", 2)))))
                .isEqualTo(bytes("00000001 0001 67 0006 537461626c65 00000002"));
    }

    @Test
    void describeAndDeleteGroupsRequestsAreArraysOfGroupIds() {
        assertThat(hex(new DescribeGroupsRequest(List.of("g", "h")))).isEqualTo(bytes("00000002 0001 67 0001 68"));
        assertThat(hex(new DeleteGroupsRequest(List.of("g")))).isEqualTo(bytes("00000001 0001 67"));
    }

    @Test
    void describeGroupsResponseIsTheGroupThenItsMembersThenItsOffsets() {
        DescribeGroupsResponse response = new DescribeGroupsResponse(List.of(new DescribeGroupsResponse.DescribedGroup(
                "g", ErrorCode.NONE, null, "Stable", "range", 5,
                List.of(new DescribeGroupsResponse.Member("m", "c", 5, List.of(new TopicPartitions("t", List.of(0))))),
                List.of(new DescribeGroupsResponse.TopicLag("t", List.of(
                        new DescribeGroupsResponse.PartitionLag(0, 40L, 42L, 2L)))))));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 67 0000 ffff 0006 537461626c65 0005 72616e6765"
                + " 00000005"
                + " 00000001 0001 6d 0001 63 00000005 00000001 0001 74 00000001 00000000"
                + " 00000001 0001 74 00000001 00000000 0000000000000028 000000000000002a 0000000000000002"));
    }

    @Test
    void aGroupThatCannotBeDescribedIsDeadWithNoAssignorEpochMembersOrOffsets() {
        DescribeGroupsResponse response = new DescribeGroupsResponse(List.of(
                DescribeGroupsResponse.DescribedGroup.error("g", ErrorCode.GROUP_ID_NOT_FOUND, null)));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 67 0045 ffff 0004 44656164 ffff ffffffff"
                + " 00000000 00000000"));
    }

    @Test
    void deleteGroupsResponseIsIdCodeMessagePerGroup() {
        DeleteGroupsResponse response = new DeleteGroupsResponse(List.of(
                new DeleteGroupsResponse.GroupResult("g", ErrorCode.NON_EMPTY_GROUP, "x")));

        assertThat(hex(response)).isEqualTo(bytes("00000001 0001 67 0044 0001 78"));
    }

    static String hex(Message message) {
        return hex(message.toByteBuffer());
    }

    static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HEX.formatHex(bytes);
    }

    /** Hex written in groups for the reader, without the spaces. */
    private static String bytes(String grouped) {
        return grouped.replace(" ", "");
    }
}
