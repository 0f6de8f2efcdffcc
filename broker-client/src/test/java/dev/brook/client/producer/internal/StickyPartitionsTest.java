package dev.brook.client.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StickyPartitionsTest {
    private static final int BATCH_SIZE = 1_000;

    private final StickyPartitions sticky = new StickyPartitions(BATCH_SIZE);

    @Test
    void staysOnOnePartitionUntilABatchSizeHasGoneThereAndItsBatchIsFull() {
        int first = sticky.partition("t", 4);
        for (int i = 0; i < 9; i++) {
            sticky.appended("t", first, 4, 100, false);
            assertThat(sticky.partition("t", 4)).isEqualTo(first);
        }
        sticky.appended("t", first, 4, 100, false);
        assertThat(sticky.partition("t", 4)).as("enough bytes, but the batch is not full").isEqualTo(first);

        sticky.appended("t", first, 4, 100, true);

        assertThat(sticky.partition("t", 4)).isNotEqualTo(first);
    }

    @Test
    void movesOnAfterTwiceTheBatchSizeEvenWhenTheLastBatchIsNeverFull() {
        int first = sticky.partition("t", 4);
        sticky.appended("t", first, 4, 1_999, false);
        assertThat(sticky.partition("t", 4)).isEqualTo(first);

        sticky.appended("t", first, 4, 1, false);

        assertThat(sticky.partition("t", 4)).isNotEqualTo(first);
    }

    @Test
    void aFullBatchBeforeABatchSizeHasGoneThereDoesNotMoveIt() {
        int first = sticky.partition("t", 4);

        sticky.appended("t", first, 4, 500, true);

        assertThat(sticky.partition("t", 4)).isEqualTo(first);
    }

    @Test
    void bytesCountedAgainstAPartitionTheTopicHasLeftAreIgnored() {
        int first = sticky.partition("t", 4);
        sticky.appended("t", first, 4, BATCH_SIZE, true);
        int second = sticky.partition("t", 4);

        // A thread that appended to the first partition before the move reports late.
        sticky.appended("t", first, 4, 5 * BATCH_SIZE, true);

        assertThat(sticky.partition("t", 4)).isEqualTo(second);
    }

    @Test
    void topicsMoveIndependently() {
        int a = sticky.partition("a", 8);
        int b = sticky.partition("b", 8);

        sticky.appended("a", a, 8, BATCH_SIZE, true);

        assertThat(sticky.partition("a", 8)).isNotEqualTo(a);
        assertThat(sticky.partition("b", 8)).isEqualTo(b);
    }

    @Test
    void aSinglePartitionTopicStaysOnIt() {
        for (int i = 0; i < 10; i++) {
            assertThat(sticky.partition("one", 1)).isZero();
            sticky.appended("one", 0, 1, BATCH_SIZE, true);
        }
    }

    @Test
    void everyPartitionGetsAboutTheSameShareOverManyBatches() {
        Map<Integer, Integer> bytes = new HashMap<>();
        for (int i = 0; i < 40_000; i++) {
            int partition = sticky.partition("t", 4);
            bytes.merge(partition, 100, Integer::sum);
            sticky.appended("t", partition, 4, 100, true);
        }

        // 4,000 batches of 1,000 bytes: each partition's share is binomial around 1,000 batches.
        assertThat(bytes).hasSize(4);
        assertThat(bytes.values()).allSatisfy(share -> assertThat(share).isBetween(800_000, 1_200_000));
    }

    @Test
    void aPartitionBeyondAGrownOrShrunkCountIsChosenAgain() {
        StickyPartitions one = new StickyPartitions(BATCH_SIZE);
        int chosen = one.partition("t", 100);
        int fewer = Math.max(1, chosen);

        assertThat(one.partition("t", fewer)).isLessThan(fewer);
    }

    @Test
    void aBatchSizeMustBePositive() {
        assertThatThrownBy(() -> new StickyPartitions(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch.size");
    }
}
