package dev.brook.client.consumer;

import dev.brook.protocol.TopicPartition;
import java.util.Map;

/**
 * Told the outcome of {@link Consumer#commitAsync(OffsetCommitCallback)}, on the polling thread
 * inside a later {@code poll}, {@code commitSync} or {@code close}.
 */
@FunctionalInterface
public interface OffsetCommitCallback {
    /**
     * @param offsets the offsets the commit carried
     * @param exception null if they were committed; else why not, for example a
     *     {@link CommitFailedException}
     */
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception);
}
