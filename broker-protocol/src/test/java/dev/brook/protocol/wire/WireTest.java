package dev.brook.protocol.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.errors.InvalidRequestException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireTest {

    @Test
    void utf8LengthAgreesWithTheEncoderForRandomStrings() {
        SplittableRandom random = new SplittableRandom(20_261_125L);
        for (int i = 0; i < 5_000; i++) {
            String value = randomString(random);

            assertThat(Wire.utf8Length(value))
                    .as("string #%d %s", i, codeUnits(value))
                    .isEqualTo(value.getBytes(UTF_8).length);
        }
    }

    /**
     * The writer encodes with {@code String.getBytes(UTF_8)}, which replaces a surrogate that is
     * not half of a pair with the one byte '?'; the size must count that byte, not three.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "\uDFFF", "a\uD83Eb", "\uDD86\uD83E", "\uD83E\uD83E\uDD86", "x\uD83E"})
    void utf8LengthCountsALoneSurrogateAsTheOneByteTheEncoderWrites(String value) {
        assertThat(Wire.utf8Length(value)).isEqualTo(value.getBytes(UTF_8).length);
    }

    @Test
    void utf8LengthCountsEachWidthOfCharacter() {
        assertThat(Wire.utf8Length("")).isZero();
        assertThat(Wire.utf8Length("a")).isEqualTo(1);
        assertThat(Wire.utf8Length("ü")).isEqualTo(2);
        assertThat(Wire.utf8Length("日")).isEqualTo(3);
        assertThat(Wire.utf8Length("🦆")).isEqualTo(4);
    }

    @Test
    void aStringWithALoneSurrogateIsWrittenInExactlySizeInBytes() {
        RequestHeader header = new RequestHeader((short) 0, (short) 0, 1, "client-\uD83E");

        ByteBuffer bytes = header.toByteBuffer();

        assertThat(bytes.remaining()).isEqualTo(header.sizeInBytes());
        assertThat(Wire.read(bytes, "request header", RequestHeader::read).clientId()).isEqualTo("client-?");
    }

    @Test
    void theLongestProtocolStringIsWrittenAndOneByteMoreIsRefused() {
        String longest = "x".repeat(Short.MAX_VALUE);
        MetadataRequest fits = new MetadataRequest(List.of(longest));

        assertThat(Wire.read(fits.toByteBuffer(), "metadata", b -> MetadataRequest.read(b, (short) 0)).topics())
                .containsExactly(longest);
        assertThatThrownBy(() -> new MetadataRequest(List.of(longest + "x")).toByteBuffer())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32768");
    }

    @Test
    void aNullableStringOfLengthMinusOneIsNull() {
        assertThat(Wire.readNullableString(ByteBuffer.wrap(new byte[] {-1, -1}))).isNull();
    }

    @Test
    void aStringThatMustNotBeNullRefusesLengthMinusOne() {
        assertThatThrownBy(() -> Wire.readString(ByteBuffer.wrap(new byte[] {-1, -1})))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(shorts = {-2, -100, Short.MIN_VALUE})
    void aStringLengthBelowMinusOneIsRefused(short length) {
        ByteBuffer buffer = ByteBuffer.allocate(64).putShort(length).position(0);

        assertThatThrownBy(() -> Wire.readNullableString(buffer))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(Short.toString(length));
    }

    @Test
    void aStringLengthPastTheBufferIsRefusedBeforeReading() {
        ByteBuffer buffer = ByteBuffer.allocate(12).putShort(Short.MAX_VALUE).position(0);

        assertThatThrownBy(() -> Wire.readNullableString(buffer))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("32767")
                .hasMessageContaining("10 bytes left");
        assertThat(buffer.position()).isEqualTo(2);
    }

    @Test
    void anArrayThatMayBeNullReadsCountMinusOneAsNull() {
        assertThat(Wire.readNullableArray(ByteBuffer.allocate(4).putInt(0, -1), Wire::readString)).isNull();
    }

    @Test
    void anArrayThatMustNotBeNullRefusesCountMinusOne() {
        assertThatThrownBy(() -> Wire.readArray(ByteBuffer.allocate(4).putInt(0, -1), Wire::readString))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, -1_000, Integer.MIN_VALUE})
    void anArrayCountBelowMinusOneIsRefused(int count) {
        ByteBuffer buffer = ByteBuffer.allocate(64).putInt(0, count);

        assertThatThrownBy(() -> Wire.readNullableArray(buffer, Wire::readString))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(Integer.toString(count));
    }

    @ParameterizedTest
    @ValueSource(ints = {61, 1_000_000, Integer.MAX_VALUE})
    void anArrayCountLargerThanTheBytesLeftIsRefusedBeforeAnyElementIsRead(int count) {
        ByteBuffer buffer = ByteBuffer.allocate(64).putInt(0, count);

        assertThatThrownBy(() -> Wire.readArray(buffer, b -> {
            throw new AssertionError("no element should be read");
        }))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(Integer.toString(count))
                .hasMessageContaining("60 bytes left");
    }

    @Test
    void emptyArrayReadsAsAnEmptyList() {
        assertThat(Wire.readArray(ByteBuffer.allocate(4), Wire::readString)).isEmpty();
    }

    @Test
    void decodedArraysCannotBeModified() {
        ByteBuffer buffer = new MetadataRequest(List.of("a")).toByteBuffer();

        List<String> topics = Wire.readArray(buffer, Wire::readString);

        assertThatThrownBy(() -> topics.add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsOfLengthMinusOneAreNull() {
        assertThat(Wire.readRecords(ByteBuffer.allocate(4).putInt(0, -1))).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, Integer.MIN_VALUE})
    void recordsLengthBelowMinusOneIsRefused(int length) {
        assertThatThrownBy(() -> Wire.readRecords(ByteBuffer.allocate(64).putInt(0, length)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(Integer.toString(length));
    }

    @ParameterizedTest
    @ValueSource(ints = {61, Integer.MAX_VALUE})
    void recordsLengthPastTheBufferIsRefused(int length) {
        assertThatThrownBy(() -> Wire.readRecords(ByteBuffer.allocate(64).putInt(0, length)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("60 bytes left");
    }

    @Test
    void recordsAreAViewOfTheFrameNotACopy() {
        ByteBuffer frame = ByteBuffer.allocate(7).putInt(3).put(new byte[] {1, 2, 3}).flip();

        RecordsPayload.BufferRecords records = (RecordsPayload.BufferRecords) Wire.readRecords(frame);
        frame.put(6, (byte) 9);

        assertThat(records.buffer()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 9}));
        assertThat(frame.hasRemaining()).isFalse();
    }

    @Test
    void readRefusesBytesLeftOverAfterTheMessage() {
        ByteBuffer buffer = ByteBuffer.allocate(7).putInt(0).put(new byte[] {1, 2, 3}).flip();

        assertThatThrownBy(() -> Wire.read(buffer, "DeleteTopics v0", b -> DeleteTopicsRequest.read(b, (short) 0)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("DeleteTopics v0 has 3 unexpected bytes at its end");
    }

    @Test
    void readTurnsARunPastTheEndIntoInvalidRequest() {
        ByteBuffer buffer = ByteBuffer.allocate(3);

        assertThatThrownBy(() -> Wire.read(buffer, "Fetch v0", b -> FetchRequest.read(b, (short) 0)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Fetch v0 is truncated");
    }

    @Test
    void booleansAreOneByteZeroOrOne() {
        ByteBuffer buffer = ByteBuffer.allocate(2);
        ByteBufferOutput out = new ByteBufferOutput(buffer);

        out.writeBoolean(true);
        out.writeBoolean(false);

        assertThat(buffer.array()).containsExactly(1, 0);
        assertThat(Wire.readBoolean(ByteBuffer.wrap(new byte[] {1}))).isTrue();
        assertThat(Wire.readBoolean(ByteBuffer.wrap(new byte[] {0}))).isFalse();
    }

    /** Strings mixing every width of UTF-8 character with surrogate pairs and lone surrogates. */
    static String randomString(SplittableRandom random) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(7)) {
                case 0 -> value.append((char) random.nextInt(0x80));
                case 1 -> value.append((char) random.nextInt(0x80, 0x800));
                case 2 -> value.append((char) random.nextInt(0x800, 0xD800));
                case 3 -> value.appendCodePoint(random.nextInt(0x10000, 0x110000));
                case 4 -> value.append((char) random.nextInt(0xD800, 0xDC00));
                case 5 -> value.append((char) random.nextInt(0xDC00, 0xE000));
                default -> value.append((char) random.nextInt(0x10000));
            }
        }
        return value.toString();
    }

    private static String codeUnits(String value) {
        StringBuilder units = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            units.append(String.format("\\u%04X", (int) value.charAt(i)));
        }
        return units.toString();
    }
}
