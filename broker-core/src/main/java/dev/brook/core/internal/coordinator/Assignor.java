package dev.brook.core.internal.coordinator;

import dev.brook.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a group's target assignment: which member should own which partition. Each partition of
 * a subscribed topic goes to exactly one member subscribed to its topic. Stateless and thread-safe.
 */
public enum Assignor {
    /** Per topic, each member takes a contiguous range of partitions, the first members one more. */
    RANGE("range") {
        @Override
        Map<String, Set<TopicPartition>> assign(Map<String, Set<String>> subscriptions, Map<String, Integer> partitions,
                Map<String, Set<TopicPartition>> previous) {
            Map<String, Set<TopicPartition>> result = empty(subscriptions);
            for (Map.Entry<String, Integer> topic : new TreeMap<>(partitions).entrySet()) {
                List<String> members = subscribers(subscriptions, topic.getKey());
                if (members.isEmpty()) {
                    continue;
                }
                int count = topic.getValue();
                int each = count / members.size();
                int extra = count % members.size();
                int next = 0;
                for (int i = 0; i < members.size(); i++) {
                    int take = each + (i < extra ? 1 : 0);
                    for (int p = next; p < next + take; p++) {
                        result.get(members.get(i)).add(new TopicPartition(topic.getKey(), p));
                    }
                    next += take;
                }
            }
            return result;
        }
    },
    /** All partitions in order, dealt one at a time to the subscribed members in turn. */
    ROUND_ROBIN("roundrobin") {
        @Override
        Map<String, Set<TopicPartition>> assign(Map<String, Set<String>> subscriptions, Map<String, Integer> partitions,
                Map<String, Set<TopicPartition>> previous) {
            Map<String, Set<TopicPartition>> result = empty(subscriptions);
            List<String> members = new ArrayList<>(new TreeSet<>(subscriptions.keySet()));
            int turn = 0;
            for (TopicPartition tp : allPartitions(partitions)) {
                for (int tries = 0; tries < members.size(); tries++) {
                    String member = members.get(turn++ % members.size());
                    if (subscriptions.get(member).contains(tp.topic())) {
                        result.get(member).add(tp);
                        break;
                    }
                }
            }
            return result;
        }
    },
    /**
     * Balanced and sticky: every member keeps what it had while that stays fair, and only the
     * partitions needed to even out the counts move. The default, as in Kafka's KIP-848.
     */
    UNIFORM("uniform") {
        @Override
        Map<String, Set<TopicPartition>> assign(Map<String, Set<String>> subscriptions, Map<String, Integer> partitions,
                Map<String, Set<TopicPartition>> previous) {
            Map<String, Set<TopicPartition>> result = empty(subscriptions);
            Set<TopicPartition> all = new HashSet<>(allPartitions(partitions));
            Set<TopicPartition> taken = new HashSet<>();
            int members = subscriptions.size();
            int ceiling = members == 0 ? 0 : (all.size() + members - 1) / members;
            // Keep what each member still may have, up to the fair share.
            for (String member : new TreeSet<>(subscriptions.keySet())) {
                List<TopicPartition> kept = new ArrayList<>(previous.getOrDefault(member, Set.of()));
                kept.sort(comparator());
                for (TopicPartition tp : kept) {
                    if (all.contains(tp) && !taken.contains(tp) && subscriptions.get(member).contains(tp.topic())
                            && result.get(member).size() < ceiling) {
                        result.get(member).add(tp);
                        taken.add(tp);
                    }
                }
            }
            // Hand out the rest, each to the eligible member with the fewest.
            List<TopicPartition> free = new ArrayList<>(all);
            free.removeAll(taken);
            free.sort(comparator());
            for (TopicPartition tp : free) {
                String best = null;
                for (String member : new TreeSet<>(subscriptions.keySet())) {
                    if (subscriptions.get(member).contains(tp.topic())
                            && (best == null || result.get(member).size() < result.get(best).size())) {
                        best = member;
                    }
                }
                if (best != null) {
                    result.get(best).add(tp);
                }
            }
            // Even out: move from the fullest to the emptiest eligible member while they differ by two.
            boolean moved = true;
            while (moved) {
                moved = false;
                for (String from : new TreeSet<>(subscriptions.keySet())) {
                    for (String to : new TreeSet<>(subscriptions.keySet())) {
                        if (result.get(from).size() - result.get(to).size() < 2) {
                            continue;
                        }
                        TopicPartition movable = null;
                        for (TopicPartition tp : result.get(from)) {
                            if (subscriptions.get(to).contains(tp.topic())
                                    && (movable == null || comparator().compare(tp, movable) > 0)) {
                                movable = tp;
                            }
                        }
                        if (movable != null) {
                            result.get(from).remove(movable);
                            result.get(to).add(movable);
                            moved = true;
                        }
                    }
                }
            }
            return result;
        }
    };

    private final String configName;

    Assignor(String configName) {
        this.configName = configName;
    }

    /** The name clients ask for it by: {@code range}, {@code roundrobin} or {@code uniform}. */
    public String configName() {
        return configName;
    }

    /** The assignor of that name, or null. */
    public static Assignor forName(String name) {
        for (Assignor assignor : values()) {
            if (assignor.configName.equals(name)) {
                return assignor;
            }
        }
        return null;
    }

    /**
     * The target assignment.
     *
     * @param subscriptions each member's subscribed topics
     * @param partitions the partition count of every subscribed topic that exists
     * @param previous the previous target assignment, which sticky assignors try to keep
     */
    abstract Map<String, Set<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
            Map<String, Integer> partitions, Map<String, Set<TopicPartition>> previous);

    static Map<String, Set<TopicPartition>> empty(Map<String, Set<String>> subscriptions) {
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        for (String member : subscriptions.keySet()) {
            result.put(member, new TreeSet<>(comparator()));
        }
        return result;
    }

    static List<String> subscribers(Map<String, Set<String>> subscriptions, String topic) {
        List<String> members = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : new TreeMap<>(subscriptions).entrySet()) {
            if (entry.getValue().contains(topic)) {
                members.add(entry.getKey());
            }
        }
        return members;
    }

    static List<TopicPartition> allPartitions(Map<String, Integer> partitions) {
        List<TopicPartition> all = new ArrayList<>();
        for (Map.Entry<String, Integer> topic : new TreeMap<>(partitions).entrySet()) {
            for (int p = 0; p < topic.getValue(); p++) {
                all.add(new TopicPartition(topic.getKey(), p));
            }
        }
        return all;
    }

    static Comparator<TopicPartition> comparator() {
        return Comparator.naturalOrder();
    }
}
