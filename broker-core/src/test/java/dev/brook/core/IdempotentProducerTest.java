package dev.brook.core;

import static dev.brook.core.testing.TestBatches.batch;
import static dev.brook.core.testing.TestBatches.concat;
import static dev.brook.core.testing.TestBatches.idempotent;
import static dev.brook.core.testing.TestBatches.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.testing.MutableClock;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.InvalidProducerEpochException;
import dev.brook.protocol.errors.InvalidRecordException;
import dev.brook.protocol.errors.OutOfOrderSequenceException;
import dev.brook.protocol.record.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a partition does with idempotent producers' batches, through the broker's API. */
class IdempotentProducerTest {
    private static final String TOPIC = "events";

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private Broker broker;

    @BeforeEach
    void open() {
        broker = Broker.open(BrokerConfig.builder(dataDir).clock(clock).build());
        broker.createTopic(NewTopic.of(TOPIC, 1));
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private AppendResult send(ProducerIdAndEpoch producer, int sequence, int count) {
        return broker.append(TOPIC, 0, idempotent(producer.producerId(), producer.epoch(), sequence, count,
                "s" + sequence));
    }

    private List<String> values() {
        return broker.read(TOPIC, 0, broker.logStartOffset(TOPIC, 0), 1 << 20).records().stream()
                .map(r -> value(r)).collect(Collectors.toList());
    }

    @Test
    void aRetriedBatchReturnsTheOriginalOffsetsAndStoresNothing() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        send(producer, 0, 2);
        AppendResult original = send(producer, 2, 3);

        AppendResult retry = send(producer, 2, 3);

        assertThat(original.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(original.baseOffset()).isEqualTo(2);
        assertThat(retry.lastOffset()).isEqualTo(original.lastOffset()).isEqualTo(4);
        assertThat(retry.recordCount()).isEqualTo(3);
        assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(5);
        assertThat(send(producer, 5, 1).baseOffset()).isEqualTo(5);
    }

    @Test
    void aRetryOfAnyOfTheLastFiveBatchesIsADuplicateAndAnOlderOneIsOutOfOrder() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        for (int seq = 0; seq < 6; seq++) {
            send(producer, seq, 1);
        }

        for (int seq = 1; seq < 6; seq++) {
            AppendResult retry = send(producer, seq, 1);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.baseOffset()).isEqualTo(seq);
        }
        assertThatThrownBy(() -> send(producer, 0, 1)).isExactlyInstanceOf(OutOfOrderSequenceException.class);
        assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(6);
    }

    @Test
    void aGapOrAnOverlapInTheSequenceIsRefusedWithOutOfOrderSequence() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        send(producer, 0, 3);

        assertThatThrownBy(() -> send(producer, 4, 1))
                .isExactlyInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("sent sequence 4").hasMessageContaining("next sequence is 3")
                .hasMessageContaining(TOPIC + "-0")
                .satisfies(e -> assertThat(((BrookException) e).errorCode())
                        .isSameAs(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThatThrownBy(() -> send(producer, 1, 3)).isExactlyInstanceOf(OutOfOrderSequenceException.class);
        assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(3);
        assertThat(send(producer, 3, 1).baseOffset()).isEqualTo(3);
    }

    @Test
    void anUnknownProducerMayStartAtAnySequenceAsInKafka() {
        AppendResult result = broker.append(TOPIC, 0, idempotent(4242, (short) 3, 17, 2, "late"));

        assertThat(result.duplicate()).isFalse();
        assertThat(broker.append(TOPIC, 0, idempotent(4242, (short) 3, 19, 1, "next")).baseOffset()).isEqualTo(2);
    }

    @Test
    void aStaleEpochIsRefusedWithInvalidProducerEpoch() {
        ProducerIdAndEpoch old = broker.initProducerId();
        send(old, 0, 1);
        ProducerIdAndEpoch bumped = broker.initProducerId(old.producerId(), old.epoch());
        send(bumped, 0, 1);

        assertThatThrownBy(() -> send(old, 1, 1))
                .isExactlyInstanceOf(InvalidProducerEpochException.class)
                .hasMessageContaining("epoch 0, older than its current epoch 1")
                .satisfies(e -> assertThat(((BrookException) e).errorCode()).isSameAs(ErrorCode.INVALID_PRODUCER_EPOCH));
        // A retry of the old epoch's batch is not a duplicate either: that epoch is fenced.
        assertThatThrownBy(() -> send(old, 0, 1)).isExactlyInstanceOf(InvalidProducerEpochException.class);
        assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(2);
    }

    @Test
    void anEpochBumpResetsTheSequenceToZero() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        send(producer, 0, 5);
        ProducerIdAndEpoch bumped = broker.initProducerId(producer.producerId(), producer.epoch());

        assertThat(bumped).isEqualTo(new ProducerIdAndEpoch(producer.producerId(), (short) 1));
        assertThatThrownBy(() -> send(bumped, 5, 1))
                .isExactlyInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("must begin with sequence 0");
        assertThat(send(bumped, 0, 2).baseOffset()).isEqualTo(5);
        assertThat(send(bumped, 0, 2).duplicate()).isTrue();
        assertThat(send(bumped, 2, 1).baseOffset()).isEqualTo(7);
    }

    @Test
    void sequencesWrapFromIntegerMaxToZero() {
        long producerId = broker.initProducerId().producerId();
        broker.append(TOPIC, 0, idempotent(producerId, (short) 0, Integer.MAX_VALUE - 1, 1, "a"));
        // Covers MAX_VALUE, 0 and 1.
        AppendResult wrapped = broker.append(TOPIC, 0, idempotent(producerId, (short) 0, Integer.MAX_VALUE, 3, "b"));

        assertThat(broker.append(TOPIC, 0, idempotent(producerId, (short) 0, Integer.MAX_VALUE, 3, "b")).duplicate())
                .isTrue();
        assertThatThrownBy(() -> broker.append(TOPIC, 0, idempotent(producerId, (short) 0, 0, 1, "c")))
                .isExactlyInstanceOf(OutOfOrderSequenceException.class);
        assertThat(broker.append(TOPIC, 0, idempotent(producerId, (short) 0, 2, 1, "d")).baseOffset())
                .isEqualTo(wrapped.lastOffset() + 1);
    }

    @Test
    void aRequestWithOneBadBatchStoresNone() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        send(producer, 0, 1);
        ProducerIdAndEpoch other = broker.initProducerId();

        assertThatThrownBy(() -> broker.append(TOPIC, 0, concat(
                idempotent(other.producerId(), other.epoch(), 0, 2, "fine"),
                idempotent(producer.producerId(), producer.epoch(), 1, 1, "fine"),
                idempotent(producer.producerId(), producer.epoch(), 3, 1, "gap"))))
                .isExactlyInstanceOf(OutOfOrderSequenceException.class);

        assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(1);
        // Nothing of the refused request was remembered either.
        AppendResult both = broker.append(TOPIC, 0, concat(
                idempotent(other.producerId(), other.epoch(), 0, 2, "x"),
                idempotent(producer.producerId(), producer.epoch(), 1, 1, "y"),
                idempotent(producer.producerId(), producer.epoch(), 2, 1, "z")));
        assertThat(both.baseOffset()).isEqualTo(1);
        assertThat(both.lastOffset()).isEqualTo(4);
        assertThat(broker.append(TOPIC, 0, concat(
                idempotent(producer.producerId(), producer.epoch(), 1, 1, "y"),
                idempotent(producer.producerId(), producer.epoch(), 2, 1, "z"))))
                .satisfies(retry -> {
                    assertThat(retry.duplicate()).isTrue();
                    assertThat(retry.baseOffset()).isEqualTo(3);
                    assertThat(retry.lastOffset()).isEqualTo(4);
                });
    }

    @Test
    void aRequestMixingARetryWithNewBatchesIsRefused() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        send(producer, 0, 1);

        assertThatThrownBy(() -> broker.append(TOPIC, 0, concat(
                idempotent(producer.producerId(), producer.epoch(), 0, 1, "again"),
                idempotent(producer.producerId(), producer.epoch(), 1, 1, "new"))))
                .isExactlyInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("mixes retried batches");
        assertThat(broker.logEndOffset(TOPIC, 0)).isEqualTo(1);
    }

    @Test
    void batchesWithoutAProducerIdAreNotChecked() {
        broker.append(TOPIC, 0, batch(1, "plain", 2));
        AppendResult again = broker.append(TOPIC, 0, batch(1, "plain", 2));

        assertThat(again.duplicate()).isFalse();
        assertThat(again.baseOffset()).isEqualTo(2);
    }

    @Test
    void aProducerIdWithoutEpochOrSequenceIsAnInvalidBatch() {
        assertThatThrownBy(() -> broker.append(TOPIC, 0, idempotent(7, (short) -1, 0, 1, "x")))
                .isExactlyInstanceOf(InvalidRecordException.class).hasMessageContaining("producer 7");
        assertThatThrownBy(() -> broker.append(TOPIC, 0, idempotent(7, (short) 0, -1, 1, "x")))
                .isExactlyInstanceOf(InvalidRecordException.class).hasMessageContaining("base sequence -1");
    }

    @Test
    void aRetryOnALogAppendTimeTopicGetsTheOriginalAppendTime() {
        broker.createTopic(NewTopic.of("stamped", 1).withConfig(TopicConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));
        ProducerIdAndEpoch producer = broker.initProducerId();
        AppendResult original = broker.append("stamped", 0, idempotent(producer.producerId(), producer.epoch(), 0, 1, "a"));
        clock.advance(Duration.ofSeconds(5));

        AppendResult retry = broker.append("stamped", 0, idempotent(producer.producerId(), producer.epoch(), 0, 1, "a"));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.logAppendTime()).isEqualTo(original.logAppendTime()).isEqualTo(clock.millis() - 5000);
    }

    @Test
    void anIdleProducerIsForgottenAfterTheExpirationTime() {
        ProducerIdAndEpoch old = broker.initProducerId();
        send(old, 0, 1);
        ProducerIdAndEpoch bumped = broker.initProducerId(old.producerId(), old.epoch());
        send(bumped, 0, 1);
        clock.advance(Duration.ofMillis(BrokerConfig.DEFAULT_PRODUCER_ID_EXPIRATION_MS));

        // Forgotten: the old epoch is no longer fenced, and then a retry is stored again.
        assertThat(send(old, 7, 1).duplicate()).isFalse();
        assertThat(send(bumped, 0, 1).duplicate()).isFalse();
        assertThat(values()).hasSize(4);
    }

    @Test
    void aProducerActiveWithinTheExpirationTimeIsKept() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        send(producer, 0, 1);
        clock.advance(Duration.ofMillis(BrokerConfig.DEFAULT_PRODUCER_ID_EXPIRATION_MS - 1));

        assertThat(send(producer, 0, 1).duplicate()).isTrue();
    }

    @Test
    void retentionDeletingAProducersBatchesKeepsItsState() {
        broker.createTopic(NewTopic.of("short", 1).withConfig(TopicConfig.SEGMENT_BYTES, "200")
                .withConfig(TopicConfig.RETENTION_BYTES, "1"));
        ProducerIdAndEpoch producer = broker.initProducerId();
        for (int seq = 0; seq < 5; seq++) {
            broker.append("short", 0, idempotent(producer.producerId(), producer.epoch(), seq, 1, "r" + seq));
        }
        broker.append("short", 0, batch(1, "filler", 3));
        assertThat(broker.deleteSegmentsPastRetention()).isPositive();
        assertThat(broker.logStartOffset("short", 0)).isPositive();

        AppendResult retry = broker.append("short", 0, idempotent(producer.producerId(), producer.epoch(), 0, 1, "r0"));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isZero();
        assertThatThrownBy(() -> broker.append("short", 0,
                idempotent(producer.producerId(), producer.epoch(), 9, 1, "gap")))
                .isExactlyInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void recordsOfARetriedBatchAppearOnce() {
        ProducerIdAndEpoch producer = broker.initProducerId();
        send(producer, 0, 2);
        send(producer, 0, 2);
        send(producer, 2, 1);

        List<Record> records = broker.read(TOPIC, 0, 0, 1 << 20).records();
        assertThat(records).extracting(r -> value(r)).containsExactly("s0-0", "s0-1", "s2-0");
    }
}
