package dev.brook.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.brook.protocol.errors.InvalidRequestException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that do not follow the protocol fail with {@link InvalidRequestException} when read
 * through {@link Wire#read}, and nothing else: no buffer underflow, index error, negative array
 * size or out-of-memory reaches the caller, and nothing is allocated for a count or length the
 * frame cannot hold.
 */
class MalformedMessageTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Every message with a non-empty encoding (the ApiVersions request body is empty). */
    static Stream<SampleMessages.Case> cases() {
        return SampleMessages.all().stream().filter(c -> c.message().sizeInBytes() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyTruncationFailsWithInvalidRequest(SampleMessages.Case sample) {
        byte[] bytes = sample.bytes();
        for (int length = 0; length < bytes.length; length++) {
            ByteBuffer prefix = ByteBuffer.wrap(bytes).limit(length);

            Throwable thrown = catchThrowable(() -> sample.read(prefix));

            assertThat(thrown)
                    .as("%s cut to %d of %d bytes", sample, length, bytes.length)
                    .isExactlyInstanceOf(InvalidRequestException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyTruncationOfACopyFailsWithInvalidRequest(SampleMessages.Case sample) {
        byte[] bytes = sample.bytes();
        for (int length = 0; length < bytes.length; length++) {
            ByteBuffer prefix = ByteBuffer.wrap(Arrays.copyOf(bytes, length));

            assertThat(catchThrowable(() -> sample.read(prefix)))
                    .as("%s cut to %d of %d bytes", sample, length, bytes.length)
                    .isExactlyInstanceOf(InvalidRequestException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void trailingBytesFailWithInvalidRequest(SampleMessages.Case sample) {
        for (int extra = 1; extra <= 5; extra++) {
            byte[] bytes = Arrays.copyOf(sample.bytes(), sample.message().sizeInBytes() + extra);

            assertThat(catchThrowable(() -> sample.read(ByteBuffer.wrap(bytes))))
                    .as("%s with %d extra bytes", sample, extra)
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining(extra + " unexpected bytes");
        }
    }

    static List<SampleMessages.Case> allCases() {
        return SampleMessages.all();
    }

    /**
     * Writes impossible int32 and int16 values over every position of a valid encoding, so that
     * each array count, records length and string length meets a huge, a negative and a
     * barely-too-large value somewhere.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void impossibleCountsAndLengthsAnywhereFailWithInvalidRequestOrStillDecode(SampleMessages.Case sample) {
        byte[] valid = sample.bytes();
        int[] ints = {Integer.MAX_VALUE, Integer.MIN_VALUE, -2, valid.length, 0x7fff_0000};
        short[] shorts = {Short.MAX_VALUE, Short.MIN_VALUE, -2, (short) valid.length};
        for (int position = 0; position < valid.length; position++) {
            for (int value : ints) {
                if (position + 4 <= valid.length) {
                    ByteBuffer bytes = ByteBuffer.wrap(valid.clone()).putInt(position, value);
                    assertDecodesOrIsInvalid(sample, bytes, "int32 " + value + " at " + position);
                }
            }
            for (short value : shorts) {
                if (position + 2 <= valid.length) {
                    ByteBuffer bytes = ByteBuffer.wrap(valid.clone()).putShort(position, value);
                    assertDecodesOrIsInvalid(sample, bytes, "int16 " + value + " at " + position);
                }
            }
        }
    }

    @Test
    void aHugeTopLevelArrayCountFailsWithInvalidRequest() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putInt(0, Integer.MAX_VALUE);

        for (SampleMessages.Case sample : SampleMessages.requests()) {
            if (sample.message().sizeInBytes() > 0 && startsWithAnArray(sample.message())) {
                assertThat(catchThrowable(() -> sample.read(bytes.duplicate())))
                        .as(sample.name())
                        .isExactlyInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("array count 2147483647 cannot fit in the 12 bytes left");
            }
        }
    }

    @Test
    void aHugeLeadingGroupIdLengthFailsWithInvalidRequest() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putShort(0, Short.MAX_VALUE);

        for (SampleMessages.Case sample : SampleMessages.requests()) {
            if (startsWithAGroupId(sample.message())) {
                assertThat(catchThrowable(() -> sample.read(bytes.duplicate())))
                        .as(sample.name())
                        .isExactlyInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("string length 32767 runs past the 14 bytes left");
            }
        }
    }

    @Test
    void aNullGroupIdFailsWithInvalidRequest() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putShort(0, (short) -1);

        for (SampleMessages.Case sample : SampleMessages.requests()) {
            if (startsWithAGroupId(sample.message())) {
                assertThat(catchThrowable(() -> sample.read(bytes.duplicate())))
                        .as(sample.name())
                        .isExactlyInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("must not be null");
            }
        }
    }

    /** The null of a nullable array is -1 only; the OffsetFetch topics, for one, refuse -2. */
    @Test
    void aNullablePartitionArrayRefusesCountsBelowMinusOne() {
        ByteBuffer offsetFetch = ByteBuffer.allocate(7).put(0, new byte[] {0, 1, 'g'}).putInt(3, -2);

        assertThat(catchThrowable(() -> Wire.read(offsetFetch, "OffsetFetch",
                b -> OffsetFetchRequest.read(b, (short) 0))))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("array count -2 is negative");
    }

    /** An element of an assignment is never null, although the assignment as a whole may be. */
    @Test
    void aNullPartitionListInsideAnAssignmentFailsWithInvalidRequest() {
        ByteBuffer heartbeat = new ConsumerGroupHeartbeatResponse("m", 1, 5_000,
                List.of(new TopicPartitions("t", List.of()))).toByteBuffer();
        heartbeat.putInt(heartbeat.limit() - 4, -1);

        assertThat(catchThrowable(() -> Wire.read(heartbeat, "ConsumerGroupHeartbeat response",
                b -> ConsumerGroupHeartbeatResponse.read(b, (short) 0))))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must not be null");
    }

    /** The requests whose body starts with an array count, not with a number or a string. */
    private static boolean startsWithAnArray(Message request) {
        return !(request instanceof ProduceRequest || request instanceof FetchRequest || startsWithAGroupId(request)
                || request instanceof SaslHandshakeRequest || request instanceof SaslAuthBytes);
    }

    private static boolean startsWithAGroupId(Message request) {
        return request instanceof ConsumerGroupHeartbeatRequest || request instanceof OffsetCommitRequest
                || request instanceof OffsetFetchRequest;
    }

    @Test
    void aNegativeArrayCountOtherThanMinusOneFailsWithInvalidRequest() {
        ByteBuffer metadata = ByteBuffer.allocate(8).putInt(0, -2);
        ByteBuffer deleteTopics = ByteBuffer.allocate(8).putInt(0, -1);

        assertThat(catchThrowable(() -> Wire.read(metadata, "Metadata", b -> MetadataRequest.read(b, (short) 0))))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("array count -2 is negative");
        assertThat(catchThrowable(() -> Wire.read(deleteTopics, "DeleteTopics",
                b -> DeleteTopicsRequest.read(b, (short) 0))))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must not be null");
    }

    @Test
    void aStringLongerThanTheFrameFailsWithInvalidRequest() {
        ByteBuffer bytes = ByteBuffer.allocate(10).putInt(0, 1).putShort(4, Short.MAX_VALUE);

        assertThat(catchThrowable(() -> Wire.read(bytes, "DeleteTopics", b -> DeleteTopicsRequest.read(b, (short) 0))))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("string length 32767 runs past the 4 bytes left");
    }

    @Test
    void aRecordsLengthLongerThanTheFrameFailsWithInvalidRequest() {
        ProduceRequest produce = new ProduceRequest((short) 1, 1_000, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(0, SampleMessages.records(SampleMessages.batch(0L, "v")))))));
        ByteBuffer bytes = produce.toByteBuffer();
        int recordsLengthAt = 2 + 4 + 4 + 3 + 4 + 4;
        bytes.putInt(recordsLengthAt, Integer.MAX_VALUE);

        assertThat(catchThrowable(() -> Wire.read(bytes, "Produce", b -> ProduceRequest.read(b, (short) 0))))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("records length 2147483647 runs past");
    }

    @Test
    void aHugeArrayCountAllocatesNothingForTheArray() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putInt(0, Integer.MAX_VALUE);
        Runnable read = () -> catchThrowable(() -> Wire.read(bytes.duplicate(), "Metadata",
                b -> MetadataRequest.read(b, (short) 0)));
        read.run();

        assertThat(allocatedBy(read)).isLessThan(64 * 1024);
    }

    /**
     * A count that the frame could just hold (one byte per element) but whose elements are
     * invalid: the decoder must not reserve room for all of them before reading the first, or a
     * 100 MiB frame would cost several hundred MiB of references.
     */
    @Test
    void anArrayCountThatFitsTheFrameAllocatesLessThanTheFrame() {
        int frameSize = 4 << 20;
        ByteBuffer frame = ByteBuffer.allocate(frameSize);
        Arrays.fill(frame.array(), (byte) 0xff);
        frame.putInt(0, frameSize - 4);
        Runnable read = () -> assertThat(catchThrowable(() -> Wire.read(frame.duplicate(), "Metadata",
                b -> MetadataRequest.read(b, (short) 0)))).isExactlyInstanceOf(InvalidRequestException.class);
        read.run();

        assertThat(allocatedBy(read)).isLessThan(frameSize / 4);
    }

    @Test
    void randomMutationsOnlyEverDecodeOrFailWithInvalidRequest() {
        List<SampleMessages.Case> samples = cases().toList();
        SplittableRandom random = new SplittableRandom(0xB200C);
        for (int iteration = 0; iteration < 5_000; iteration++) {
            SampleMessages.Case sample = samples.get(random.nextInt(samples.size()));
            byte[] bytes = mutate(sample.bytes(), random);

            assertDecodesOrIsInvalid(sample, ByteBuffer.wrap(bytes), "iteration " + iteration + ": "
                    + HEX.formatHex(bytes));
        }
    }

    /** Flips bits, overwrites bytes, and now and then cuts or extends the encoding. */
    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] bytes = valid.clone();
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            int position = random.nextInt(bytes.length);
            if (random.nextBoolean()) {
                bytes[position] ^= (byte) (1 << random.nextInt(8));
            } else {
                bytes[position] = (byte) random.nextInt(256);
            }
        }
        return switch (random.nextInt(10)) {
            case 0 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 1 -> Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
            default -> bytes;
        };
    }

    /**
     * Decoding gives a message or {@link InvalidRequestException}. A message that decodes writes
     * itself again, and that encoding reads back as the same message.
     */
    private static void assertDecodesOrIsInvalid(SampleMessages.Case sample, ByteBuffer bytes, String what) {
        Object decoded;
        try {
            decoded = sample.read(bytes);
        } catch (InvalidRequestException expected) {
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(sample + ", " + what + ": expected a message or InvalidRequestException", e);
        }
        Message message = (Message) decoded;
        ByteBuffer again = message.toByteBuffer();
        assertThat(again.remaining()).as("%s, %s: size of the re-encoding", sample, what)
                .isEqualTo(message.sizeInBytes());
        MessageAssertions.assertSameMessage(sample.read(again), decoded);
    }

    /** The bytes the current thread allocates while running {@code action}. */
    private static long allocatedBy(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled())
                .as("this JVM measures allocation per thread").isTrue();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
