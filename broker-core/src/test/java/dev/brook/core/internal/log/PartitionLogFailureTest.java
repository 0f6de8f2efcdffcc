package dev.brook.core.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.TopicConfig;
import dev.brook.core.internal.util.Scheduler;
import dev.brook.core.testing.TestBatches;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.StorageException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a log does once an fsync has failed: it takes no writes and syncs nothing more. */
class PartitionLogFailureTest {
    @TempDir
    Path dir;

    private final Scheduler scheduler = new Scheduler("test", 1);

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void afterAFailedFsyncNoLaterFlushMovesTheRecoveryPoint() {
        PartitionLog log = PartitionLog.open(new TopicPartition("t", 0), dir, TopicConfig.defaults(), Clock.systemUTC(),
                scheduler, (tp, end) -> { }, 0L, false);
        try {
            log.append(TestBatches.sized(1, 100));
            log.flush();
            log.append(TestBatches.sized(2, 100));
            long recoveryPoint = log.recoveryPoint();

            // An interrupt during the fsync closes the segment's channel: the fsync's outcome is unknown.
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(log::flush).isInstanceOf(StorageException.class);
            } finally {
                Thread.interrupted();
            }

            assertThat(log.isFailed()).isTrue();
            assertThatThrownBy(log::flush).isInstanceOf(StorageException.class).hasMessageContaining("offline");
            assertThat(log.flushIfDue()).isFalse();
            assertThat(log.recoveryPoint()).isEqualTo(recoveryPoint);
            assertThatThrownBy(() -> log.append(TestBatches.sized(3, 100))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("restart");
        } finally {
            log.close();
        }
    }
}
