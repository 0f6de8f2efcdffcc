package dev.brook.core.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateSnapshotTest {
    @TempDir
    Path dir;

    private static List<ProducerStateEntry> sample() {
        return List.of(
                new ProducerStateEntry(7, (short) 3, List.of(new BatchMetadata(0, 4, 10, 14, 1_000),
                        new BatchMetadata(5, 5, 20, 20, 1_001)), 5_000),
                new ProducerStateEntry(Long.MAX_VALUE, Short.MAX_VALUE,
                        List.of(new BatchMetadata(Integer.MAX_VALUE, 1, 30, 32, -1)), 6_000));
    }

    @Test
    void entriesRoundTripWithTheDocumentedSize() throws IOException {
        byte[] bytes = ProducerStateSnapshot.serialize(sample());

        assertThat(bytes).hasSize(ProducerStateSnapshot.HEADER_LENGTH + 2 * ProducerStateSnapshot.PRODUCER_HEADER_LENGTH
                + 3 * ProducerStateSnapshot.BATCH_LENGTH).hasSize(10 + 2 * 19 + 3 * 32);
        List<ProducerStateEntry> read = ProducerStateSnapshot.deserialize(bytes, dir.resolve("x.snapshot"));
        assertThat(read).hasSize(2);
        assertThat(read.get(0).producerId()).isEqualTo(7);
        assertThat(read.get(0).epoch()).isEqualTo((short) 3);
        assertThat(read.get(0).lastAppendMs()).isEqualTo(5_000);
        assertThat(read.get(0).batches()).isEqualTo(sample().get(0).batches());
        assertThat(read.get(1).batches()).containsExactly(new BatchMetadata(Integer.MAX_VALUE, 1, 30, 32, -1));
    }

    @Test
    void anyFlippedBitIsRefusedAsCorrupt() {
        byte[] good = ProducerStateSnapshot.serialize(sample());
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            byte[] bad = good.clone();
            int at = random.nextInt(bad.length);
            bad[at] ^= (byte) (1 << random.nextInt(8));
            Path file = dir.resolve("00000000000000000042.snapshot");
            assertThatThrownBy(() -> ProducerStateSnapshot.deserialize(bad, file))
                    .as("bit flipped at byte %d", at)
                    .isExactlyInstanceOf(ProducerStateSnapshot.CorruptSnapshotException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void aTruncatedFileIsRefusedAsCorrupt() {
        byte[] good = ProducerStateSnapshot.serialize(sample());
        for (int length = 0; length < good.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(good, length);
            assertThatThrownBy(() -> ProducerStateSnapshot.deserialize(cut, dir.resolve("s")))
                    .isExactlyInstanceOf(ProducerStateSnapshot.CorruptSnapshotException.class);
        }
    }

    @Test
    void writingKeepsOnlyTheNewestTwo() throws IOException {
        for (long offset : new long[] {5, 100, 42, 7}) {
            ProducerStateSnapshot.write(dir, offset, ProducerStateSnapshot.serialize(sample()));
        }

        assertThat(ProducerStateSnapshot.list(dir).keySet()).containsExactly(42L, 100L);
        assertThat(Files.exists(dir.resolve("00000000000000000100.snapshot"))).isTrue();
    }
}
