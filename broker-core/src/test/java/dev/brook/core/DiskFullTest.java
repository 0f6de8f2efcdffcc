package dev.brook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.brook.core.testing.TestBatches;
import dev.brook.protocol.errors.StorageException;
import dev.brook.protocol.record.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up under the broker, on a small tmpfs the test mounts (it needs root, as CI
 * has; elsewhere it is skipped with a message): appends fail with a clear storage error and undo
 * themselves, reads and the broker go on, and appends succeed again once space is freed.
 */
class DiskFullTest {
    private static final int FILESYSTEM_MIB = 24;

    @TempDir
    Path temp;
    Path mount;
    boolean mounted;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = Files.createDirectories(temp.resolve("small"));
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + FILESYSTEM_MIB + "m", "tmpfs",
                mount.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        mounted = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        assumeThat(mounted).as("mounting a small tmpfs needs root: " + output).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void appendsFailCleanlyOnAFullDiskAndResumeOnceSpaceIsFreed() throws IOException {
        Path dataDir = mount.resolve("data");
        Path filler = mount.resolve("filler");
        BrokerConfig config = BrokerConfig.builder(dataDir).build();
        long appended = 0;
        try (Broker broker = Broker.open(config)) {
            broker.createTopic(NewTopic.of("a", 1).withConfig(TopicConfig.SEGMENT_BYTES, String.valueOf(4 << 20))
                    .withConfig(TopicConfig.SEGMENT_INDEX_BYTES, "65536"));
            broker.createTopic(NewTopic.of("b", 1).withConfig(TopicConfig.SEGMENT_INDEX_BYTES, "65536"));
            broker.append("b", 0, TestBatches.sized(1, 100));
            fill(filler, 2 << 20);

            StorageException full = null;
            for (int i = 0; i < 1_000 && full == null; i++) {
                try {
                    broker.append("a", 0, TestBatches.sized(i, 64 * 1024));
                    appended++;
                } catch (StorageException e) {
                    full = e;
                }
            }
            assertThat(full).as("the disk never filled").isNotNull();
            assertThat(full.getMessage()).contains("a-0");
            long end = broker.logEndOffset("a", 0);
            assertThat(end).isEqualTo(appended);
            // Nothing half-written is visible, and reads go on.
            assertThat(broker.read("a", 0, 0, 1 << 20).records()).extracting(Record::offset).startsWith(0L);
            assertThat(broker.read("b", 0, 0, 1 << 20).records()).hasSize(1);
            assertThatThrownBy(() -> broker.append("a", 0, TestBatches.sized(7, 64 * 1024)))
                    .isInstanceOf(StorageException.class);
            assertThat(broker.logEndOffset("a", 0)).isEqualTo(end);

            Files.delete(filler);
            assertThat(broker.append("a", 0, TestBatches.sized(8, 64 * 1024)).baseOffset()).isEqualTo(end);
            assertThat(broker.append("b", 0, TestBatches.sized(9, 100)).baseOffset()).isEqualTo(1);
            appended++;
        }
        try (Broker reopened = Broker.open(config)) {
            assertThat(reopened.logEndOffset("a", 0)).isEqualTo(appended);
            long offset = 0;
            while (offset < appended) {
                for (Record record : reopened.read("a", 0, offset, 1 << 20).records()) {
                    assertThat(record.offset()).isEqualTo(offset);
                    offset++;
                }
            }
        }
    }

    /** Takes all the file system's space but {@code leave} bytes. */
    private static void fill(Path filler, int leave) throws IOException {
        long free = Files.getFileStore(filler.getParent()).getUsableSpace();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long remaining = free - leave;
            while (remaining > 0) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
                remaining -= channel.write(chunk);
            }
        }
    }
}
