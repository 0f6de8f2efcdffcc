package dev.brook.client.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.NoOffsetForPartitionException;
import dev.brook.protocol.TopicPartition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionStateTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);
    private static final TopicPartition C = new TopicPartition("u", 0);

    private static Set<TopicPartition> set(TopicPartition... partitions) {
        return new LinkedHashSet<>(List.of(partitions));
    }

    @Test
    void aSubscriptionTakesTheGroupsAssignmentAndDoesNotMixWithAssign() {
        SubscriptionState state = new SubscriptionState(AutoOffsetReset.EARLIEST);
        state.subscribe(Set.of("t"));
        assertThat(state.type()).isEqualTo(SubscriptionState.Type.AUTO_TOPICS);
        assertThat(state.isEmpty()).isTrue();
        assertThatThrownBy(() -> state.assignFromUser(set(A))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subscribe");

        state.assignFromGroup(set(A, B));
        state.seek(A, 7);
        Set<TopicPartition> revoked = state.assignFromGroup(set(A));

        assertThat(revoked).containsExactly(B);
        assertThat(state.position(A)).isEqualTo(7);
        assertThat(state.subscription()).containsExactly("t");
        state.unsubscribe();
        assertThat(state.subscription()).isEmpty();
        state.assignFromUser(set(C));
        assertThatThrownBy(() -> state.subscribe(Set.of("t"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("assign");
        assertThatThrownBy(() -> state.assignFromGroup(set(A))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reassigningKeepsThePositionsOfPartitionsThatStay() {
        SubscriptionState state = new SubscriptionState(AutoOffsetReset.EARLIEST);
        state.assignFromUser(set(A, B));
        state.seek(A, 5);
        state.pause(A);

        Set<TopicPartition> removed = state.assignFromUser(set(A, C));

        assertThat(removed).containsExactly(B);
        assertThat(state.position(A)).isEqualTo(5);
        assertThat(state.pausedPartitions()).containsExactly(A);
        assertThat(state.position(C)).isNull();
        assertThat(state.type()).isEqualTo(SubscriptionState.Type.USER_ASSIGNED);
        assertThat(state.unsubscribe()).containsExactly(A, C);
        assertThat(state.type()).isEqualTo(SubscriptionState.Type.NONE);
    }

    @Test
    void partitionsWithoutAPositionResetByThePolicyOrAreReported() {
        SubscriptionState earliest = new SubscriptionState(AutoOffsetReset.EARLIEST);
        earliest.assignFromUser(set(A, B));
        earliest.seek(B, 3);
        earliest.resetInitializingPositions();
        assertThat(earliest.partitionsAwaitingReset()).isEqualTo(Map.of(A, AutoOffsetReset.EARLIEST));
        assertThat(earliest.isAwaitingReset(A, AutoOffsetReset.EARLIEST)).isTrue();
        assertThat(earliest.isAwaitingReset(A, AutoOffsetReset.LATEST)).isFalse();

        SubscriptionState none = new SubscriptionState(AutoOffsetReset.NONE);
        none.assignFromUser(set(A, B));
        none.requestReset(B, AutoOffsetReset.LATEST);
        assertThatThrownBy(none::resetInitializingPositions).isInstanceOf(NoOffsetForPartitionException.class)
                .hasMessageContaining("t-0").satisfies(e -> assertThat(
                        ((NoOffsetForPartitionException) e).partitions()).containsExactly(A));
    }

    @Test
    void onlyUnpausedPartitionsWithAPositionAreFetchedAndInTurn() {
        SubscriptionState state = new SubscriptionState(AutoOffsetReset.LATEST);
        state.assignFromUser(set(A, B, C));
        state.seek(A, 0);
        state.seek(B, 0);
        state.seek(C, 0);
        state.pause(B);
        assertThat(state.fetchablePartitions()).containsExactly(A, C);
        assertThat(state.fetchablePosition(B)).isNull();

        state.movePartitionToEnd(A);
        assertThat(state.fetchablePartitions()).containsExactly(C, A);
        state.resume(B);
        state.requestReset(C, AutoOffsetReset.EARLIEST);
        assertThat(state.fetchablePartitions()).containsExactly(B, A);
    }

    @Test
    void positionsOnlyMoveForwardAndOnlyForAssignedPartitions() {
        SubscriptionState state = new SubscriptionState(AutoOffsetReset.LATEST);
        state.assignFromUser(set(A));
        state.seek(A, 10);
        state.advance(A, 12);
        assertThat(state.position(A)).isEqualTo(12);

        assertThatThrownBy(() -> state.advance(A, 11)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> state.seek(C, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("u-0");
        assertThatThrownBy(() -> state.requestReset(A, AutoOffsetReset.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
