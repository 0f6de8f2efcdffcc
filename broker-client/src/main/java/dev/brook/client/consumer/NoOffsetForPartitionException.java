package dev.brook.client.consumer;

import dev.brook.protocol.TopicPartition;
import java.util.Set;
import java.util.TreeSet;

/**
 * Partitions have no position and {@link AutoOffsetReset#NONE} forbids choosing one: the
 * application must {@link Consumer#seek seek} (or {@link Consumer#seekToBeginning seekToBeginning},
 * {@link Consumer#seekToEnd seekToEnd}) before it polls them. The broker is not involved, so
 * there is no broker error code.
 */
public class NoOffsetForPartitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Set<TopicPartition> partitions;

    public NoOffsetForPartitionException(Set<TopicPartition> partitions) {
        super("no position for partition(s) " + new TreeSet<>(partitions) + " and auto.offset.reset is none:"
                + " seek to an offset (or seekToBeginning / seekToEnd) before polling");
        this.partitions = Set.copyOf(partitions);
    }

    /** The partitions without a position. */
    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
