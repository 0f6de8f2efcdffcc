package dev.brook.core;

import dev.brook.protocol.TopicPartition;

/**
 * Told after every successful append, so that a server can wake fetches waiting for data as soon as
 * it arrives rather than at their next timer tick.
 *
 * <p>Called on the appending thread, after the append's lock is released: implementations must be
 * thread-safe, quick and must not block; hand real work to another thread.
 */
@FunctionalInterface
public interface AppendListener {
    /** Records were appended to {@code topicPartition}, whose log now ends at {@code logEndOffset}. */
    void onAppend(TopicPartition topicPartition, long logEndOffset);
}
