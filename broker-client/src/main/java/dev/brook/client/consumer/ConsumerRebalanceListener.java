package dev.brook.client.consumer;

import dev.brook.protocol.TopicPartition;
import java.util.Collection;

/**
 * Told when the group moves partitions to or from a {@link Consumer} that
 * {@linkplain Consumer#subscribe(Collection, ConsumerRebalanceListener) subscribed}, as Kafka's
 * listener of the same name. Every method is called on the polling thread, inside
 * {@link Consumer#poll}, {@link Consumer#unsubscribe()} or {@link Consumer#close()}; it may use the
 * consumer (commit, seek, look up positions).
 *
 * <p>A partition moves in two steps: its owner gives it up ({@link #onPartitionsRevoked}), and only
 * after that returns, and with auto-commit its position is committed, does the broker give it to
 * its new owner ({@link #onPartitionsAssigned}). So committing in {@code onPartitionsRevoked} means
 * the new owner starts where this consumer stopped.
 */
public interface ConsumerRebalanceListener {
    /** A listener that does nothing. */
    ConsumerRebalanceListener NONE = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    };

    /**
     * These partitions are taken away; the consumer still owns them while this runs and gives them
     * up when it returns. Not called with an empty collection.
     */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /** These partitions are now this consumer's; their positions come from the group's committed offsets. */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /**
     * These partitions were lost without an orderly revocation (the broker removed the member or
     * fenced its epoch), so another member may already own them: committing is no longer possible.
     * By default the same as {@link #onPartitionsRevoked}.
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
