package dev.brook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.testing.MutableClock;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.InvalidTopicException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumer groups' committed offsets: durable, recovered, compacted, dropped with their topic. */
class CommittedOffsetsTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);

    private Broker open(long compactionBytes) {
        return Broker.open(BrokerConfig.builder(dataDir).clock(clock).offsetsLogCompactionBytes(compactionBytes).build());
    }

    private Broker open() {
        return open(BrokerConfig.DEFAULT_OFFSETS_LOG_COMPACTION_BYTES);
    }

    private static OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset, "meta-" + offset, 1000 + offset);
    }

    @Test
    void committedOffsetsAreReadBackAndTheLatestWins() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("a", 2));
            broker.commitOffsets("g", Map.of(A0, at(5), A1, at(7)));
            broker.commitOffsets("g", Map.of(A0, at(9)));
            broker.commitOffsets("other", Map.of(A0, at(1)));

            assertThat(broker.committedOffsets("g")).containsOnly(Map.entry(A0, at(9)), Map.entry(A1, at(7)));
            assertThat(broker.committedOffsets("g", List.of(A1, new TopicPartition("a", 5)))).containsOnly(Map.entry(A1, at(7)));
            assertThat(broker.committedOffsets("nobody")).isEmpty();
            assertThat(broker.groupsWithCommittedOffsets()).containsExactly("g", "other");
        }
    }

    @Test
    void committedOffsetsSurviveACleanRestartAndACrash() throws IOException {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("a", 2));
            broker.commitOffsets("g", Map.of(A0, at(5), A1, at(7)));
        }
        try (Broker broker = open()) {
            assertThat(broker.committedOffsets("g")).containsOnly(Map.entry(A0, at(5)), Map.entry(A1, at(7)));
            broker.commitOffsets("g", Map.of(A0, at(6)));
        }
        Files.delete(dataDir.resolve(".brook_clean_shutdown"));
        Files.deleteIfExists(dataDir.resolve("recovery-point-offset-checkpoint"));
        try (Broker broker = open()) {
            assertThat(broker.committedOffsets("g")).containsOnly(Map.entry(A0, at(6)), Map.entry(A1, at(7)));
        }
    }

    @Test
    void commitsToUnknownPartitionsOrWithoutAGroupAreRefusedWhole() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("a", 1));
            assertThatThrownBy(() -> broker.commitOffsets("g", Map.of(A0, at(1), B0, at(2))))
                    .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("'b'");
            assertThat(broker.committedOffsets("g")).isEmpty();
            assertThatThrownBy(() -> broker.commitOffsets("", Map.of(A0, at(1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group id");
            assertThatThrownBy(() -> new OffsetAndMetadata(-1, null, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of(Broker.OFFSETS_TOPIC, 1)))
                    .isInstanceOf(InvalidTopicException.class).hasMessageContaining("reserved");
        }
    }

    @Test
    void deletingATopicOrAGroupDropsItsOffsetsForGood() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("a", 2));
            broker.createTopic(NewTopic.of("b", 1));
            broker.commitOffsets("g", Map.of(A0, at(1), B0, at(2)));
            broker.commitOffsets("h", Map.of(A1, at(3)));

            broker.deleteTopic("a");
            assertThat(broker.committedOffsets("g")).containsOnly(Map.entry(B0, at(2)));
            assertThat(broker.groupsWithCommittedOffsets()).containsExactly("g");
            assertThat(broker.deleteCommittedOffsets("g")).isTrue();
            assertThat(broker.deleteCommittedOffsets("g")).isFalse();
        }
        try (Broker broker = open()) {
            assertThat(broker.groupsWithCommittedOffsets()).isEmpty();
        }
    }

    @Test
    void groupsThatStopCommittingExpireAfterTheRetention() {
        try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).clock(clock)
                .offsetsRetentionMs(Duration.ofDays(7).toMillis()).build())) {
            broker.createTopic(NewTopic.of("a", 1));
            broker.commitOffsets("old", Map.of(A0, new OffsetAndMetadata(1, null, clock.millis())));
            clock.advance(Duration.ofDays(6));
            broker.commitOffsets("recent", Map.of(A0, new OffsetAndMetadata(2, null, clock.millis())));
            clock.advance(Duration.ofDays(2));

            assertThat(broker.expireGroupOffsets()).containsExactly("old");
            assertThat(broker.groupsWithCommittedOffsets()).containsExactly("recent");
        }
    }

    @Test
    void theOffsetsLogIsCompactedAndKeepsOnlyTheLatestOffsets() throws IOException {
        try (Broker broker = open(4096)) {
            broker.createTopic(NewTopic.of("a", 2));
            for (int i = 0; i < 500; i++) {
                broker.commitOffsets("g", Map.of(A0, at(i), A1, at(1000 + i)));
            }
            assertThat(broker.committedOffsets("g")).containsOnly(Map.entry(A0, at(499)), Map.entry(A1, at(1499)));
        }
        long bytes;
        try (Stream<Path> files = Files.walk(dataDir.resolve("internal"))) {
            bytes = files.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).isLessThan(64 * 1024);
        try (Broker broker = open(4096)) {
            assertThat(broker.committedOffsets("g")).containsOnly(Map.entry(A0, at(499)), Map.entry(A1, at(1499)));
        }
    }
}
