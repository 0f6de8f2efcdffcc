package dev.brook.core.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.testing.TestBatches;
import dev.brook.protocol.errors.CorruptRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedRegionTest {
    @TempDir
    Path dir;

    /** Writes batches of 100-byte values; returns the batch boundaries, 0 first. */
    private List<Integer> writeBatches(Path file, int count) throws IOException {
        List<Integer> boundaries = new ArrayList<>();
        boundaries.add(0);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            int position = 0;
            for (int i = 0; i < count; i++) {
                ByteBuffer batch = TestBatches.sized(1000L + i, 100);
                position += channel.write(batch, position);
                boundaries.add(position);
            }
        }
        return boundaries;
    }

    private static void flip(Path file, int position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 1)).rewind();
            channel.write(one, position);
        }
    }

    @Test
    void rangesCheckedOutOfOrderMergeIntoThePrefix() throws IOException {
        Path file = dir.resolve("segment.log");
        List<Integer> at = writeBatches(file, 6);
        VerifiedRegion region = new VerifiedRegion();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            region.verify(at.get(4), at.get(6), channel, file, 0);
            assertThat(region.verifiedBytes()).isZero();
            region.verify(at.get(1), at.get(2), channel, file, 0);
            assertThat(region.verifiedBytes()).isZero();
            region.verify(at.get(0), at.get(1), channel, file, 0);
            assertThat(region.verifiedBytes()).isEqualTo(at.get(2));
            region.verify(at.get(2), at.get(4), channel, file, 0);
            assertThat(region.verifiedBytes()).isEqualTo(at.get(6));
        }
    }

    @Test
    void aCheckedRangeIsNotReadAgainEvenIfTheFileChangesLater() throws IOException {
        Path file = dir.resolve("segment.log");
        List<Integer> at = writeBatches(file, 3);
        VerifiedRegion region = new VerifiedRegion();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            region.verify(at.get(0), at.get(2), channel, file, 0);
            flip(file, at.get(1) + 70);
            // Known good: not read again (each byte is checked once while the segment is open).
            region.verify(at.get(1), at.get(2), channel, file, 0);
            flip(file, at.get(2) + 70);
            assertThatThrownBy(() -> region.verify(at.get(2), at.get(3), channel, file, 0))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining("position " + at.get(2));
            assertThat(region.verifiedBytes()).isEqualTo(at.get(2));
        }
    }

    @Test
    void appendedBatchesAreKnownGoodWithoutAReadAndRecoveryMarksTheWholeFile() {
        VerifiedRegion region = new VerifiedRegion();
        region.appended(0, 500);
        region.appended(500, 900);
        assertThat(region.verifiedBytes()).isEqualTo(900);
        VerifiedRegion loaded = new VerifiedRegion();
        loaded.appended(1000, 1200);
        assertThat(loaded.verifiedBytes()).isZero();
        loaded.recovered(1200);
        assertThat(loaded.verifiedBytes()).isEqualTo(1200);
    }
}
