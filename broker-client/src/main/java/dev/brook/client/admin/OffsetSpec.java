package dev.brook.client.admin;

/**
 * Which offset {@link Admin#listOffsets} looks up: the earliest stored, the latest (the log end),
 * or the first at or after a time. Immutable.
 */
public record OffsetSpec(long timestamp) {
    private static final OffsetSpec EARLIEST = new OffsetSpec(-2);
    private static final OffsetSpec LATEST = new OffsetSpec(-1);

    public static OffsetSpec earliest() {
        return EARLIEST;
    }

    public static OffsetSpec latest() {
        return LATEST;
    }

    /** The first offset whose record timestamp is at or after {@code timestamp} (ms since the epoch). */
    public static OffsetSpec forTimestamp(long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative, got " + timestamp);
        }
        return new OffsetSpec(timestamp);
    }
}
