package dev.brook.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VarintTest {
    private static final int RANDOM_SAMPLES = 20_000;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 63, -64, 64, -65, 127, 128, 8191, 8192, 1 << 20, -(1 << 20),
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1})
    void roundTripsInt(int value) {
        assertIntRoundTrips(value);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 63, -64, 64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE,
            1L << 40, -(1L << 40), Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1})
    void roundTripsLong(long value) {
        assertLongRoundTrips(value);
    }

    /** Random values of every bit length, so that each encoded size from 1 to the maximum is hit. */
    @Test
    void roundTripsRandomIntsOfEveryLength() {
        SplittableRandom random = new SplittableRandom(20240611L);
        for (int i = 0; i < RANDOM_SAMPLES; i++) {
            int bits = random.nextInt(33);
            int value = bits == 0 ? 0 : random.nextInt() >> (32 - bits);
            assertIntRoundTrips(value);
        }
    }

    @Test
    void roundTripsRandomLongsOfEveryLength() {
        SplittableRandom random = new SplittableRandom(20240612L);
        for (int i = 0; i < RANDOM_SAMPLES; i++) {
            int bits = random.nextInt(65);
            long value = bits == 0 ? 0 : random.nextLong() >> (64 - bits);
            assertLongRoundTrips(value);
        }
    }

    @Test
    void encodesSmallMagnitudesZigZagInOneByte() {
        assertThat(intBytes(0)).containsExactly(0x00);
        assertThat(intBytes(-1)).containsExactly(0x01);
        assertThat(intBytes(1)).containsExactly(0x02);
        assertThat(intBytes(-64)).containsExactly(0x7f);
        assertThat(intBytes(64)).containsExactly(0x80, 0x01);
    }

    @Test
    void encodesExtremesInTheMaximumNumberOfBytes() {
        assertThat(intBytes(Integer.MIN_VALUE)).containsExactly(0xff, 0xff, 0xff, 0xff, 0x0f);
        assertThat(Varint.sizeOfInt(Integer.MAX_VALUE)).isEqualTo(Varint.MAX_INT_BYTES);
        assertThat(Varint.sizeOfLong(Long.MIN_VALUE)).isEqualTo(Varint.MAX_LONG_BYTES);
        assertThat(Varint.sizeOfLong(Long.MAX_VALUE)).isEqualTo(Varint.MAX_LONG_BYTES);
    }

    @Test
    void readsOnlyItsOwnBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        Varint.writeInt(300, buffer);
        Varint.writeLong(-5, buffer);
        buffer.flip();

        assertThat(Varint.readInt(buffer)).isEqualTo(300);
        assertThat(buffer.position()).isEqualTo(Varint.sizeOfInt(300));
        assertThat(Varint.readLong(buffer)).isEqualTo(-5);
        assertThat(buffer.hasRemaining()).isFalse();
    }

    @Test
    void rejectsEmptyBuffer() {
        assertThatThrownBy(() -> Varint.readInt(ByteBuffer.allocate(0)))
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> Varint.readLong(ByteBuffer.allocate(0)))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void rejectsTruncatedInt() {
        ByteBuffer truncated = ByteBuffer.wrap(bytes(0xff, 0xff, 0xff, 0xff));

        assertThatThrownBy(() -> Varint.readInt(truncated))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("runs past the end");
    }

    @Test
    void rejectsTruncatedLong() {
        ByteBuffer truncated = ByteBuffer.wrap(bytes(0x80, 0x80, 0x80));

        assertThatThrownBy(() -> Varint.readLong(truncated))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("runs past the end");
    }

    @Test
    void rejectsIntLongerThanFiveBytes() {
        ByteBuffer overlong = ByteBuffer.wrap(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00));

        assertThatThrownBy(() -> Varint.readInt(overlong))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("longer than 5 bytes");
    }

    @Test
    void rejectsLongLongerThanTenBytes() {
        ByteBuffer overlong = ByteBuffer.wrap(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));

        assertThatThrownBy(() -> Varint.readLong(overlong))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("longer than 10 bytes");
    }

    @Test
    void acceptsPaddedEncodingsUpToTheMaximumLength() {
        assertThat(Varint.readInt(ByteBuffer.wrap(bytes(0x82, 0x80, 0x80, 0x80, 0x00)))).isEqualTo(1);
        assertThat(Varint.readLong(ByteBuffer.wrap(bytes(0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00))))
                .isEqualTo(1);
    }

    private static void assertIntRoundTrips(int value) {
        ByteBuffer buffer = ByteBuffer.allocate(Varint.MAX_INT_BYTES + 1);
        Varint.writeInt(value, buffer);
        assertThat(buffer.position()).as("bytes written for %d", value).isEqualTo(Varint.sizeOfInt(value));
        buffer.flip();
        assertThat(Varint.readInt(buffer)).isEqualTo(value);
        assertThat(buffer.hasRemaining()).as("bytes left after reading %d", value).isFalse();
    }

    private static void assertLongRoundTrips(long value) {
        ByteBuffer buffer = ByteBuffer.allocate(Varint.MAX_LONG_BYTES + 1);
        Varint.writeLong(value, buffer);
        assertThat(buffer.position()).as("bytes written for %d", value).isEqualTo(Varint.sizeOfLong(value));
        buffer.flip();
        assertThat(Varint.readLong(buffer)).isEqualTo(value);
        assertThat(buffer.hasRemaining()).as("bytes left after reading %d", value).isFalse();
    }

    private static int[] intBytes(int value) {
        ByteBuffer buffer = ByteBuffer.allocate(Varint.MAX_INT_BYTES);
        Varint.writeInt(value, buffer);
        int[] unsigned = new int[buffer.position()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = buffer.get(i) & 0xff;
        }
        return unsigned;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
