package dev.brook.client.consumer;

import java.util.Locale;

/**
 * Where a {@link Consumer} starts reading a partition it has no position for (just assigned, or
 * after its position fell out of the log's range): Kafka's {@code auto.offset.reset}. Immutable.
 */
public enum AutoOffsetReset {
    /** Start at the first offset the log still holds. */
    EARLIEST,
    /** Start at the log end: only records appended from now on are read. Kafka's default. */
    LATEST,
    /**
     * Do not guess: {@link Consumer#poll} throws {@link NoOffsetForPartitionException} for a
     * partition without a position, and {@link OffsetOutOfRangeException} when a position is out
     * of range, so that the application seeks where it wants.
     */
    NONE;

    /** The name used in configuration files: {@code earliest}, {@code latest} or {@code none}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The policy with this configuration name, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
     */
    public static AutoOffsetReset forConfigName(String name) {
        for (AutoOffsetReset reset : values()) {
            if (reset.configName().equalsIgnoreCase(name)) {
                return reset;
            }
        }
        throw new IllegalArgumentException("auto.offset.reset '" + name + "' is not one of earliest, latest, none");
    }
}
