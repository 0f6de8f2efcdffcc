package dev.brook.core.internal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.OffsetAndMetadata;
import dev.brook.core.TopicConfig;
import dev.brook.core.internal.log.PartitionLog;
import dev.brook.core.internal.util.Scheduler;
import dev.brook.core.testing.MutableClock;
import dev.brook.protocol.TopicPartition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetStoreTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_000_000L);
    private final Scheduler scheduler = new Scheduler("test", 1);
    private PartitionLog log;

    private PartitionLog openLog() {
        log = PartitionLog.open(new TopicPartition("__consumer_offsets", 0), dir, TopicConfig.defaults(), clock, scheduler,
                (tp, end) -> { }, 0L, false);
        return log;
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
        scheduler.close();
    }

    @Test
    void aCommitThatLandsBetweenTheExpiryCheckAndTheDeletionIsKept() {
        OffsetStore store = new OffsetStore(openLog(), clock, 64L << 20);
        store.commit("g", Map.of(TP, new OffsetAndMetadata(5, null, clock.millis())));
        clock.advance(Duration.ofDays(8));

        // The group is asked whether it is empty without the store's lock: another thread's commit
        // lands exactly then.
        store.expireGroups(Duration.ofDays(7).toMillis(), group -> {
            store.commit(group, Map.of(TP, new OffsetAndMetadata(42, null, clock.millis())));
            return true;
        });

        assertThat(store.committed("g")).containsEntry(TP, new OffsetAndMetadata(42, null, clock.millis()));
    }

    @Test
    void groupsWithNoCommitWithinTheRetentionAreExpired() {
        OffsetStore store = new OffsetStore(openLog(), clock, 64L << 20);
        store.commit("old", Map.of(TP, new OffsetAndMetadata(1, null, clock.millis())));
        clock.advance(Duration.ofDays(8));
        store.commit("recent", Map.of(TP, new OffsetAndMetadata(2, null, clock.millis())));

        assertThat(store.expireGroups(Duration.ofDays(7).toMillis(), group -> true)).containsExactly("old");
        assertThat(store.groups()).containsExactly("recent");
    }

    @Test
    void compactionSyncsTheRewrittenOffsetsBeforeDroppingTheOldSegments() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // The background thread is busy (another partition's fsync, say): the roll's own flush waits.
        scheduler.execute("busy", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            openLog().flush();
            OffsetStore store = new OffsetStore(log, clock, 2_000);
            for (int i = 0; i < 100 && log.logStartOffset() == 0; i++) {
                store.commit("g", Map.of(TP, new OffsetAndMetadata(i, null, clock.millis())));
            }

            assertThat(log.logStartOffset()).as("a compaction ran").isPositive();
            assertThat(log.recoveryPoint()).as("the rewritten offsets are on disk").isEqualTo(log.logEndOffset());
        } finally {
            release.countDown();
        }
    }
}
