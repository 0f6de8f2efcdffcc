package dev.brook.core.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.TopicConfig;
import dev.brook.core.internal.util.Scheduler;
import dev.brook.core.testing.TestBatches;
import dev.brook.protocol.TopicPartition;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closed segments give up their index mappings until they are read, so many segments stay cheap. */
class IndexLoadingTest {
    @TempDir
    Path dir;

    private final Scheduler scheduler = new Scheduler("test", 1);

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private PartitionLog open(boolean clean) {
        TopicConfig config = TopicConfig.defaults().with(Map.of(TopicConfig.SEGMENT_BYTES, "1000",
                TopicConfig.INDEX_INTERVAL_BYTES, "0"));
        return PartitionLog.open(new TopicPartition("t", 0), dir, config, Clock.systemUTC(), scheduler, (tp, end) -> { },
                0L, clean);
    }

    @Test
    void onlyTheActiveSegmentAndSegmentsBeingReadKeepTheirIndexesMapped() {
        PartitionLog log = open(false);
        for (int i = 0; i < 40; i++) {
            log.append(TestBatches.sized(i, 300));
        }
        assertThat(log.segmentCount()).isGreaterThan(10);
        assertThat(log.segmentsWithLoadedIndexes()).isEqualTo(1);

        for (long offset = 0; offset < 40; offset++) {
            assertThat(log.read(offset, 100, true).batches().get(0).baseOffset()).isEqualTo(offset);
            assertThat(log.offsetForTimestamp(offset)).isEqualTo(offset);
        }
        assertThat(log.segmentsWithLoadedIndexes()).isEqualTo(log.segmentCount());
        log.close();

        PartitionLog reopened = open(true);
        assertThat(reopened.segmentsWithLoadedIndexes()).isEqualTo(1);
        assertThat(reopened.read(5, 100, true).batches().get(0).baseOffset()).isEqualTo(5);
        assertThat(reopened.append(TestBatches.sized(99, 300)).baseOffset()).isEqualTo(40);
        reopened.close();
    }
}
