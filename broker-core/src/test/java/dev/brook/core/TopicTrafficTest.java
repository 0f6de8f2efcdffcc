package dev.brook.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.testing.TestBatches;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-topic traffic counters and the broker-wide retention and flush counters. */
class TopicTrafficTest {
    @TempDir
    Path dataDir;

    @Test
    void appendsAndReadsAreCountedPerTopicAndDuplicatesAreNot() {
        try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).build())) {
            broker.createTopic(NewTopic.of("a", 2));
            broker.createTopic(NewTopic.of("b", 1));
            ByteBuffer batch = TestBatches.batch(1_000L, "v", 3);
            int size = batch.remaining();
            broker.append("a", 0, batch);
            broker.append("a", 1, TestBatches.batch(1_000L, "w", 2));
            ByteBuffer idempotent = TestBatches.idempotent(broker.initProducerId().producerId(), (short) 0, 0, 4, "i");
            broker.append("b", 0, idempotent.duplicate());
            broker.append("b", 0, idempotent.duplicate());

            LogReadResult read = broker.read("a", 0, 0, 1 << 20);

            TopicTraffic a = broker.traffic("a");
            assertThat(a.recordsIn()).isEqualTo(5);
            assertThat(a.bytesIn()).isGreaterThan(size);
            assertThat(a.bytesOut()).isEqualTo(read.sizeInBytes()).isEqualTo(size);
            assertThat(a.recordsOut()).isEqualTo(read.recordCount()).isEqualTo(3);
            assertThat(a.reads()).isEqualTo(1);
            assertThat(broker.traffic("b").recordsIn()).isEqualTo(4);
            assertThat(broker.traffic("b").bytesOut()).isZero();
            assertThat(broker.traffic("b").recordsOut()).isZero();
        }
    }

    @Test
    void uncountedReadsCountOnlyWhenTheServerSaysTheyWereSent() {
        try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).build())) {
            broker.createTopic(NewTopic.of("a", 1));
            broker.append("a", 0, TestBatches.batch(1_000L, "v", 3));
            dev.brook.protocol.TopicPartition tp = new dev.brook.protocol.TopicPartition("a", 0);

            broker.readUncounted(tp, 0, 1 << 20, true);
            LogReadResult sent = broker.readUncounted(tp, 0, 1 << 20, true);
            assertThat(broker.traffic("a").recordsOut()).isZero();
            broker.countRead("a", sent);

            TopicTraffic a = broker.traffic("a");
            assertThat(a.recordsOut()).isEqualTo(3);
            assertThat(a.bytesOut()).isEqualTo(sent.sizeInBytes());
            assertThat(a.reads()).isEqualTo(1);
            broker.countRead("deleted-meanwhile", sent);
        }
    }

    @Test
    void flushesAreCountedAndTimed() {
        try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).build())) {
            broker.createTopic(NewTopic.of("a", 1));
            broker.append("a", 0, TestBatches.batch(1_000L, "v", 1));
            List<FlushListener.Cause> told = new CopyOnWriteArrayList<>();
            broker.addFlushListener((cause, nanos) -> told.add(cause));
            long before = broker.flushCount();

            broker.flush();

            // The partition had something to write; the empty offsets log had not.
            assertThat(broker.flushCount()).isEqualTo(before + 1);
            assertThat(told).containsExactly(FlushListener.Cause.REQUESTED);
            assertThat(broker.flushTimeNanos()).isPositive();
            assertThat(broker.retentionDeletedSegments()).isZero();
        }
    }

    @Test
    void flushesOnTheAppendPathAreTimedAndToldAsSuch() {
        try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).build())) {
            broker.createTopic(NewTopic.of("durable", 1).withConfig(TopicConfig.FLUSH_MESSAGES, "1"));
            List<FlushListener.Cause> told = new CopyOnWriteArrayList<>();
            AtomicLong toldNanos = new AtomicLong();
            broker.addFlushListener((cause, nanos) -> {
                told.add(cause);
                toldNanos.addAndGet(nanos);
            });
            long countBefore = broker.flushCount();

            for (int i = 0; i < 3; i++) {
                broker.append("durable", 0, TestBatches.batch(1_000L, "v", 1));
            }

            assertThat(told).containsExactly(FlushListener.Cause.APPEND, FlushListener.Cause.APPEND,
                    FlushListener.Cause.APPEND);
            assertThat(broker.flushCount()).isEqualTo(countBefore + 3);
            assertThat(toldNanos.get()).isPositive();
        }
    }
}
