package dev.brook.core.internal.log;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateLoaderTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    @Test
    void aBatchWhoseLengthFieldPointsBackIsReportedRatherThanReplayedForever() throws Exception {
        // A batch header damaged on disk, in a segment that was not recovered (below the recovery
        // point): its length field makes the batch claim no bytes at all.
        ByteBuffer header = ByteBuffer.allocate(RecordBatch.RECORD_BATCH_OVERHEAD);
        header.putLong(0, 0L).putInt(8, -12);
        Files.write(SegmentFiles.logFile(dir, 0), header.array());
        NavigableMap<Long, LogSegment> segments = new TreeMap<>();
        try (LogSegment segment = LogSegment.open(dir, 0, 4096)) {
            segments.put(0L, segment);

            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> ProducerStateLoader.load(TP, dir, segments, 10, 60_000, 0))
                            .isInstanceOf(CorruptRecordException.class)
                            .hasMessageContaining(SegmentFiles.logFile(dir, 0).toString())
                            .hasMessageContaining("position 0"));
        }
    }
}
