package dev.brook.core;

import static dev.brook.core.testing.TestBatches.batch;
import static dev.brook.core.testing.TestBatches.sized;
import static dev.brook.core.testing.TestBatches.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brook.protocol.errors.InvalidConfigurationException;
import dev.brook.protocol.errors.InvalidPartitionsException;
import dev.brook.protocol.errors.InvalidReplicationFactorException;
import dev.brook.protocol.errors.InvalidTopicException;
import dev.brook.protocol.errors.OffsetOutOfRangeException;
import dev.brook.protocol.errors.TopicExistsException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import dev.brook.protocol.record.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerTest {
    @TempDir
    Path dataDir;

    private Broker open() {
        return Broker.open(BrokerConfig.builder(dataDir).build());
    }

    @Test
    void appendedRecordsAreReadBackInOrder() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("events", 2));
            assertThat(broker.append("events", 1, batch(1000, "a", 3)).baseOffset()).isEqualTo(0);
            assertThat(broker.append("events", 1, batch(1001, "b", 2)).baseOffset()).isEqualTo(3);

            List<Record> records = broker.read("events", 1, 0, 1 << 20).records();

            assertThat(records).extracting(Record::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(records).extracting(r -> value(r)).containsExactly("a-0", "a-1", "a-2", "b-0", "b-1");
            assertThat(broker.logEndOffset("events", 1)).isEqualTo(5);
            assertThat(broker.logEndOffset("events", 0)).isZero();
        }
    }

    @Test
    void readFromTheMiddleOfABatchReturnsThatWholeBatch() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1));
            broker.append("t", 0, batch(1, "a", 5));
            broker.append("t", 0, batch(2, "b", 5));

            LogReadResult result = broker.read("t", 0, 7, 1 << 20);

            assertThat(result.batches()).hasSize(1);
            assertThat(result.batches().get(0).baseOffset()).isEqualTo(5);
            assertThat(result.logEndOffset()).isEqualTo(10);
        }
    }

    @Test
    void readAtTheEndIsEmptyAndBeyondItIsOutOfRange() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1));
            broker.append("t", 0, batch(1, "a", 2));

            assertThat(broker.read("t", 0, 2, 1024).isEmpty()).isTrue();
            assertThatThrownBy(() -> broker.read("t", 0, 3, 1024))
                    .isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("offset 3")
                    .hasMessageContaining("t-0");
            assertThatThrownBy(() -> broker.read("t", 0, -1, 1024)).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void topicsSurviveARestartWithTheirDataAndConfig() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("kept", 3).withConfig(TopicConfig.RETENTION_MS, "123456"));
            broker.append("kept", 2, batch(5, "x", 4));
        }
        try (Broker broker = open()) {
            TopicDescription topic = broker.describeTopic("kept");
            assertThat(topic.partitionCount()).isEqualTo(3);
            assertThat(topic.config().retentionMs()).isEqualTo(123456);
            assertThat(topic.config().overrides()).isEqualTo(Map.of(TopicConfig.RETENTION_MS, "123456"));
            assertThat(broker.read("kept", 2, 0, 1024).records()).extracting(r -> value(r))
                    .containsExactly("x-0", "x-1", "x-2", "x-3");
            assertThat(broker.append("kept", 2, batch(6, "y", 1)).baseOffset()).isEqualTo(4);
        }
    }

    @Test
    void topicIdStaysAcrossRestartsAndDiffersForARecreatedTopic() {
        java.util.UUID first;
        try (Broker broker = open()) {
            first = broker.createTopic(NewTopic.of("t", 1)).topicId();
        }
        try (Broker broker = open()) {
            assertThat(broker.describeTopic("t").topicId()).isEqualTo(first);
            broker.deleteTopic("t");
            assertThat(broker.createTopic(NewTopic.of("t", 1)).topicId()).isNotEqualTo(first);
        }
    }

    @Test
    void deletedTopicIsGoneAndItsNameReusable() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("doomed", 1));
            broker.append("doomed", 0, batch(1, "old", 3));
            broker.deleteTopic("doomed");

            assertThat(broker.listTopics()).doesNotContain("doomed");
            assertThatThrownBy(() -> broker.append("doomed", 0, batch(1, "x", 1)))
                    .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("doomed");

            broker.createTopic(NewTopic.of("doomed", 1));
            assertThat(broker.logEndOffset("doomed", 0)).isZero();
        }
        try (Broker broker = open()) {
            assertThat(broker.logEndOffset("doomed", 0)).isZero();
        }
        assertThat(dataDir.resolve("deleted").toFile().list()).isEmpty();
    }

    @Test
    void aRecreatedTopicKeepsItsFilesWhenTheDeletedTopicsPendingSegmentDeletionsRun() throws Exception {
        long now = System.currentTimeMillis();
        Path partitionDir = dataDir.resolve("topics").resolve("t").resolve("0");
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "1024")
                    .withConfig(TopicConfig.RETENTION_BYTES, "1").withConfig(TopicConfig.FILE_DELETE_DELAY_MS, "200"));
            for (int i = 0; i < 3; i++) {
                broker.append("t", 0, sized(now, 600));
            }
            assertThat(broker.deleteSegmentsPastRetention()).as("segment 0 awaits its deletion").isPositive();
            broker.deleteTopic("t");
            broker.createTopic(NewTopic.of("t", 1).withConfig(TopicConfig.SEGMENT_BYTES, "1024"));

            // The old topic's segment 0 is deleted, then its moved directory purged, 200 ms on.
            await().atMost(Duration.ofSeconds(30)).until(() -> dataDir.resolve("deleted").toFile().list().length == 0);
            assertThat(partitionDir.resolve("00000000000000000000.index")).exists();
            assertThat(partitionDir.resolve("00000000000000000000.timeindex")).exists();

            broker.append("t", 0, sized(now, 600));
            broker.append("t", 0, sized(now, 600)); // rolls the new topic's segment 0
        }
        try (Broker broker = open()) {
            broker.deleteSegmentsPastRetention();
            assertThat(broker.logStartOffset("t", 0)).as("records appended just now are kept").isZero();
            assertThat(broker.offsetForTimestamp("t", 0, now)).isZero();
        }
    }

    @Test
    void listAndDescribeReportPartitionsAndOffsets() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("b", 1));
            broker.createTopic(NewTopic.of("a", 2));
            broker.append("a", 1, batch(1, "v", 3));

            assertThat(broker.listTopics()).containsExactly("a", "b");
            TopicDescription a = broker.describeTopic("a");
            assertThat(a.partitions()).extracting(PartitionDescription::logEndOffset).containsExactly(0L, 3L);
            assertThat(a.partitions().get(1).sizeInBytes()).isPositive();
            assertThat(a.partitions().get(1).segmentCount()).isEqualTo(1);
        }
    }

    @Test
    void addedPartitionsAreUsableAndSurviveRestart() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("grow", 1));
            broker.createPartitions("grow", 4);
            broker.append("grow", 3, batch(1, "p3", 1));
            assertThatThrownBy(() -> broker.createPartitions("grow", 4))
                    .isInstanceOf(InvalidPartitionsException.class).hasMessageContaining("4");
        }
        try (Broker broker = open()) {
            assertThat(broker.describeTopic("grow").partitionCount()).isEqualTo(4);
            assertThat(broker.logEndOffset("grow", 3)).isEqualTo(1);
        }
    }

    @Test
    void topicConfigChangesArePersisted() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("c", 1).withConfig(TopicConfig.SEGMENT_BYTES, "4096"));
            TopicConfig updated = broker.updateTopicConfig("c", Map.of(TopicConfig.RETENTION_BYTES, "100000"),
                    Set.of(TopicConfig.SEGMENT_BYTES));
            assertThat(updated.retentionBytes()).isEqualTo(100000);
            assertThat(updated.segmentBytes()).isEqualTo(TopicConfig.defaults().segmentBytes());
            assertThatThrownBy(() -> broker.updateTopicConfig("c", Map.of("retention.bytes", "lots"), Set.of()))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.bytes");
        }
        try (Broker broker = open()) {
            assertThat(broker.describeTopic("c").config().overrides())
                    .isEqualTo(Map.of(TopicConfig.RETENTION_BYTES, "100000"));
        }
    }

    @Test
    void invalidTopicRequestsGetTypedErrorsNamingTheProblem() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("my.topic", 1));
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("my.topic", 1)))
                    .isInstanceOf(TopicExistsException.class).hasMessageContaining("my.topic");
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("my_topic", 1)))
                    .isInstanceOf(InvalidTopicException.class).hasMessageContaining("collides");
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("bad name", 1)))
                    .isInstanceOf(InvalidTopicException.class).hasMessageContaining("' '");
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("..", 1))).isInstanceOf(InvalidTopicException.class);
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("x".repeat(250), 1)))
                    .isInstanceOf(InvalidTopicException.class).hasMessageContaining("249");
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("zero", 0)))
                    .isInstanceOf(InvalidPartitionsException.class);
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("rf", 1).withReplicationFactor((short) 3)))
                    .isInstanceOf(InvalidReplicationFactorException.class).hasMessageContaining("single-node");
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("cfg", 1).withConfig("no.such.config", "1")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("no.such.config");
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("cfg", 1).withConfig("segment.ms", "0")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.ms");
            assertThatThrownBy(() -> broker.append("nope", 0, batch(1, "x", 1)))
                    .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("nope");
            assertThatThrownBy(() -> broker.append("my.topic", 5, batch(1, "x", 1)))
                    .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("partition 5");
            assertThat(broker.listTopics()).containsExactly("my.topic");
        }
    }

    @Test
    void aSecondBrokerOnTheSameDirectoryFailsFast() {
        try (Broker broker = open()) {
            assertThatThrownBy(this::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dataDir.toAbsolutePath().toString())
                    .hasMessageContaining("in use");
        }
        open().close();
    }

    @Test
    void closedBrokerRefusesWork() {
        Broker broker = open();
        broker.createTopic(NewTopic.of("t", 1));
        broker.close();
        broker.close();
        assertThatThrownBy(() -> broker.append("t", 0, batch(1, "x", 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void offsetForTimestampFindsFirstRecordAtOrAfter() {
        try (Broker broker = open()) {
            broker.createTopic(NewTopic.of("t", 1));
            broker.append("t", 0, batch(100, "a", 2));
            broker.append("t", 0, batch(200, "b", 2));
            broker.append("t", 0, batch(300, "c", 2));

            assertThat(broker.offsetForTimestamp("t", 0, 0)).isEqualTo(0);
            assertThat(broker.offsetForTimestamp("t", 0, 150)).isEqualTo(2);
            assertThat(broker.offsetForTimestamp("t", 0, 200)).isEqualTo(2);
            assertThat(broker.offsetForTimestamp("t", 0, 300)).isEqualTo(4);
            assertThat(broker.offsetForTimestamp("t", 0, 301)).isEqualTo(-1);
        }
    }

    @Test
    void manyPartitionsCanBeOpenAtOnce() {
        try (Broker broker = open()) {
            for (int t = 0; t < 10; t++) {
                broker.createTopic(NewTopic.of("topic-" + t, 100));
            }
            for (int t = 0; t < 10; t++) {
                for (int p = 0; p < 100; p++) {
                    broker.append("topic-" + t, p, batch(1, "t" + t + "p" + p, 1));
                }
            }
        }
        try (Broker broker = open()) {
            Set<String> values = broker.listTopics().stream()
                    .flatMap(t -> java.util.stream.IntStream.range(0, 100)
                            .mapToObj(p -> value(broker.read(t, p, 0, 1024).records().get(0))))
                    .collect(Collectors.toSet());
            assertThat(values).hasSize(1000).contains("t9p99-0", "t0p0-0");
        }
    }
}
