package dev.brook.core.internal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.protocol.TopicPartition;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AssignorTest {
    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    @Test
    void rangeGivesEachMemberAContiguousRangePerTopic() {
        Map<String, Set<TopicPartition>> result = Assignor.RANGE.assign(
                Map.of("a", Set.of("t"), "b", Set.of("t"), "c", Set.of("t")), Map.of("t", 7), Map.of());
        assertThat(result.get("a")).containsExactly(tp("t", 0), tp("t", 1), tp("t", 2));
        assertThat(result.get("b")).containsExactly(tp("t", 3), tp("t", 4));
        assertThat(result.get("c")).containsExactly(tp("t", 5), tp("t", 6));
    }

    @Test
    void roundRobinDealsPartitionsInTurnToSubscribedMembers() {
        Map<String, Set<TopicPartition>> result = Assignor.ROUND_ROBIN.assign(
                Map.of("a", Set.of("t", "u"), "b", Set.of("t")), Map.of("t", 3, "u", 2), Map.of());
        assertThat(result.get("a")).containsExactly(tp("t", 0), tp("t", 2), tp("u", 0), tp("u", 1));
        assertThat(result.get("b")).containsExactly(tp("t", 1));
    }

    @Test
    void everyAssignorAssignsEachPartitionToExactlyOneSubscribedMember() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            Map<String, Integer> partitions = new TreeMap<>();
            for (int t = 0; t < 1 + random.nextInt(4); t++) {
                partitions.put("topic" + t, 1 + random.nextInt(12));
            }
            Map<String, Set<String>> subscriptions = new TreeMap<>();
            for (int m = 0; m < 1 + random.nextInt(6); m++) {
                Set<String> topics = new HashSet<>();
                for (String topic : partitions.keySet()) {
                    if (random.nextBoolean()) {
                        topics.add(topic);
                    }
                }
                subscriptions.put("member" + m, topics);
            }
            for (Assignor assignor : Assignor.values()) {
                Map<String, Set<TopicPartition>> result = assignor.assign(subscriptions, partitions, Map.of());
                Set<TopicPartition> seen = new HashSet<>();
                result.forEach((member, assigned) -> {
                    for (TopicPartition tp : assigned) {
                        assertThat(seen.add(tp)).as("%s assigns %s twice", assignor, tp).isTrue();
                        assertThat(subscriptions.get(member)).contains(tp.topic());
                    }
                });
                for (String topic : partitions.keySet()) {
                    boolean subscribed = subscriptions.values().stream().anyMatch(s -> s.contains(topic));
                    for (int p = 0; p < partitions.get(topic); p++) {
                        assertThat(seen.contains(tp(topic, p))).as("%s leaves out %s-%d", assignor, topic, p)
                                .isEqualTo(subscribed);
                    }
                }
            }
        }
    }

    @Test
    void uniformIsBalancedAndMovesOnlyWhatItMustWhenAMemberJoins() {
        Map<String, Set<String>> three = Map.of("a", Set.of("t"), "b", Set.of("t"), "c", Set.of("t"));
        Map<String, Set<TopicPartition>> before = Assignor.UNIFORM.assign(three, Map.of("t", 12), Map.of());
        assertThat(before.values()).allSatisfy(assigned -> assertThat(assigned).hasSize(4));

        Map<String, Set<String>> four = new TreeMap<>(three);
        four.put("d", Set.of("t"));
        Map<String, Set<TopicPartition>> after = Assignor.UNIFORM.assign(four, Map.of("t", 12), before);

        assertThat(after.values()).allSatisfy(assigned -> assertThat(assigned).hasSize(3));
        int moved = 0;
        for (String member : three.keySet()) {
            Set<TopicPartition> lost = new HashSet<>(before.get(member));
            lost.removeAll(after.get(member));
            moved += lost.size();
        }
        assertThat(moved).isEqualTo(3);
    }
}
