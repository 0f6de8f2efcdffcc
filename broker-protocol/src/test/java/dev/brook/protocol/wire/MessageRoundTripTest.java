package dev.brook.protocol.wire;

import static dev.brook.protocol.wire.MessageAssertions.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.errors.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRoundTripTest {

    static List<SampleMessages.Case> cases() {
        return SampleMessages.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesExactlySizeInBytes(SampleMessages.Case sample) {
        ByteBuffer buffer = sample.message().toByteBuffer();

        assertThat(buffer.position()).isZero();
        assertThat(buffer.remaining()).isEqualTo(sample.message().sizeInBytes());
        assertThat(buffer.limit()).isEqualTo(buffer.capacity());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsBackWhatItWrote(SampleMessages.Case sample) {
        Object decoded = sample.read(sample.message().toByteBuffer());

        assertSameMessage(decoded, sample.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsFromASliceThatStartsInsideItsArray(SampleMessages.Case sample) {
        byte[] bytes = sample.bytes();
        byte[] padded = new byte[bytes.length + 10];
        java.util.Arrays.fill(padded, (byte) 0x5a);
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 7, bytes.length).slice();

        assertSameMessage(sample.read(slice), sample.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsFromADirectBuffer(SampleMessages.Case sample) {
        byte[] bytes = sample.bytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

        assertSameMessage(sample.read(direct), sample.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsFromAReadOnlyBuffer(SampleMessages.Case sample) {
        ByteBuffer readOnly = sample.message().toByteBuffer().asReadOnlyBuffer();

        assertSameMessage(sample.read(readOnly), sample.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesTheSameBytesAgainAfterARoundTrip(SampleMessages.Case sample) {
        Message decoded = (Message) sample.read(sample.message().toByteBuffer());

        assertThat(decoded.toByteBuffer()).isEqualTo(sample.message().toByteBuffer());
    }

    @Test
    void decodedRecordsAreTheBatchesThatWereSent() {
        ByteBuffer first = SampleMessages.batch(0L, "a", "b");
        ByteBuffer second = SampleMessages.batch(2L, "c");
        ProduceRequest request = new ProduceRequest((short) 1, 1_000, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(0, SampleMessages.records(first, second))))));

        ProduceRequest decoded = Wire.read(request.toByteBuffer(), "produce", b -> ProduceRequest.read(b, (short) 0));

        ByteBuffer records = ((RecordsPayload.BufferRecords) decoded.topics().get(0).partitions().get(0).records())
                .buffer();
        assertThat(records.remaining()).isEqualTo(first.remaining() + second.remaining());
        assertThat(records.slice(0, first.remaining())).isEqualTo(first);
        assertThat(records.slice(first.remaining(), second.remaining())).isEqualTo(second);
    }

    @Test
    void nullRecordsStayNullAndEmptyRecordsStayEmpty() {
        FetchResponse response = new FetchResponse(List.of(new FetchResponse.TopicResult("t", List.of(
                FetchResponse.PartitionResult.error(0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null),
                new FetchResponse.PartitionResult(1, ErrorCode.NONE, null, 0L, 0L, SampleMessages.records())))));

        FetchResponse decoded = Wire.read(response.toByteBuffer(), "fetch", b -> FetchResponse.read(b, (short) 0));

        List<FetchResponse.PartitionResult> partitions = decoded.topics().get(0).partitions();
        assertThat(partitions.get(0).records()).isNull();
        assertThat(partitions.get(1).records()).isNotNull();
        assertThat(partitions.get(1).records().sizeInBytes()).isZero();
    }

    /** In a heartbeat, null means "unchanged since last time" and empty means "none": they must not blur. */
    @Test
    void heartbeatNullArraysStayNullAndEmptyArraysStayEmpty() {
        ConsumerGroupHeartbeatRequest unchanged = new ConsumerGroupHeartbeatRequest("g", "m", 3, 1_000, null, null,
                null);
        ConsumerGroupHeartbeatRequest none = new ConsumerGroupHeartbeatRequest("g", "m", 3, 1_000, List.of(), "",
                List.of());

        ConsumerGroupHeartbeatRequest decodedUnchanged = Wire.read(unchanged.toByteBuffer(), "heartbeat",
                b -> ConsumerGroupHeartbeatRequest.read(b, (short) 0));
        ConsumerGroupHeartbeatRequest decodedNone = Wire.read(none.toByteBuffer(), "heartbeat",
                b -> ConsumerGroupHeartbeatRequest.read(b, (short) 0));

        assertThat(decodedUnchanged.subscribedTopicNames()).isNull();
        assertThat(decodedUnchanged.serverAssignor()).isNull();
        assertThat(decodedUnchanged.ownedPartitions()).isNull();
        assertThat(decodedNone.subscribedTopicNames()).isEmpty();
        assertThat(decodedNone.serverAssignor()).isEmpty();
        assertThat(decodedNone.ownedPartitions()).isEmpty();
        assertThatThrownBy(() -> assertSameMessage(decodedUnchanged, none)).isInstanceOf(AssertionError.class);
    }

    @Test
    void heartbeatResponseTellsAnUnchangedAssignmentFromAnEmptyOne() {
        ConsumerGroupHeartbeatResponse unchanged = Wire.read(new ConsumerGroupHeartbeatResponse("m", 1, 5_000, null)
                .toByteBuffer(), "heartbeat response", b -> ConsumerGroupHeartbeatResponse.read(b, (short) 0));
        ConsumerGroupHeartbeatResponse empty = Wire.read(new ConsumerGroupHeartbeatResponse("m", 1, 5_000, List.of())
                .toByteBuffer(), "heartbeat response", b -> ConsumerGroupHeartbeatResponse.read(b, (short) 0));

        assertThat(unchanged.assignment()).isNull();
        assertThat(empty.assignment()).isNotNull().isEmpty();
    }

    @Test
    void decodedPartitionNumbersKeepTheirOrderAndExtremes() {
        List<Integer> partitions = List.of(Integer.MAX_VALUE, 0, -1, 7, Integer.MIN_VALUE);
        OffsetFetchRequest request = new OffsetFetchRequest("g", List.of(new TopicPartitions("t", partitions)));

        OffsetFetchRequest decoded = Wire.read(request.toByteBuffer(), "offset fetch",
                b -> OffsetFetchRequest.read(b, (short) 0));

        assertThat(decoded.topics().get(0).partitions()).containsExactlyElementsOf(partitions);
    }

    @Test
    void comparisonNoticesASingleDifferentRecordByte() {
        ByteBuffer batch = SampleMessages.batch(0L, "a");
        ByteBuffer altered = ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
        altered.put(altered.limit() - 1, (byte) (altered.get(altered.limit() - 1) ^ 1));

        assertThatThrownBy(() -> assertSameMessage(produceOf(RecordsPayload.wrap(altered)),
                produceOf(RecordsPayload.wrap(batch)))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertSameMessage(produceOf(null), produceOf(RecordsPayload.wrap(batch))))
                .isInstanceOf(AssertionError.class);
        assertSameMessage(produceOf(RecordsPayload.wrap(batch.duplicate())), produceOf(RecordsPayload.wrap(batch)));
    }

    @Test
    void comparisonNoticesADifferentNestedField() {
        ProduceRequest expected = produceOf(null);
        ProduceRequest otherPartition = new ProduceRequest((short) 1, 1_000, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(1, null)))));

        assertThatThrownBy(() -> assertSameMessage(otherPartition, expected)).isInstanceOf(AssertionError.class);
    }

    @Test
    void comparisonTellsANullStringFromAnEmptyOne() {
        assertThatThrownBy(() -> assertSameMessage(new RequestHeader((short) 0, (short) 0, 1, ""),
                new RequestHeader((short) 0, (short) 0, 1, null))).isInstanceOf(AssertionError.class);
    }

    @Test
    void anUnknownErrorCodeIsReadAsUnknownServerError() {
        ByteBuffer bytes = new ResponseHeader(5, ErrorCode.NONE, null).toByteBuffer();
        bytes.putShort(4, (short) 9_999);

        ResponseHeader header = Wire.read(bytes, "response header", ResponseHeader::read);

        assertThat(header.errorCode()).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
    }

    private static ProduceRequest produceOf(RecordsPayload records) {
        return new ProduceRequest((short) 1, 1_000, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(0, records)))));
    }
}
