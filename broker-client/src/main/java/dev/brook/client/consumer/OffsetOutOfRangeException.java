package dev.brook.client.consumer;

import dev.brook.protocol.TopicPartition;
import java.util.Map;

/**
 * A fetch position is outside the partition's log (below its start, after retention removed old
 * segments, or past its end) and {@link AutoOffsetReset#NONE} forbids resetting it. The message
 * names the partition, the offset and the range the broker holds; {@link #offsetOutOfRangePartitions()}
 * gives the same programmatically. The application seeks to a valid offset (see
 * {@link Consumer#beginningOffsets} and {@link Consumer#endOffsets}) and polls again.
 *
 * <p>A subclass of the protocol's {@link dev.brook.protocol.errors.OffsetOutOfRangeException}, so
 * it carries the broker's error code {@code OFFSET_OUT_OF_RANGE} and either type catches it.
 */
public class OffsetOutOfRangeException extends dev.brook.protocol.errors.OffsetOutOfRangeException {
    private static final long serialVersionUID = 1L;

    private final Map<TopicPartition, Long> offsetOutOfRangePartitions;

    public OffsetOutOfRangeException(String message, Map<TopicPartition, Long> offsetOutOfRangePartitions) {
        super(message);
        this.offsetOutOfRangePartitions = Map.copyOf(offsetOutOfRangePartitions);
    }

    /** Each partition whose position is out of range, with that position. */
    public Map<TopicPartition, Long> offsetOutOfRangePartitions() {
        return offsetOutOfRangePartitions;
    }
}
