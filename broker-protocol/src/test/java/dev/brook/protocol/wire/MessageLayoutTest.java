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
