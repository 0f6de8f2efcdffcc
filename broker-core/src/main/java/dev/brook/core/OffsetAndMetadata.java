package dev.brook.core;

/**
 * A consumer group's committed position in one partition: the offset of the next record to read,
 * optional metadata the consumer attached (at most {@link #MAX_METADATA_LENGTH} characters, may be
 * null) and when it was committed. Immutable.
 */
public record OffsetAndMetadata(long offset, String metadata, long commitTimestamp) {
    public static final int MAX_METADATA_LENGTH = 4096;

    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("a committed offset must not be negative, got " + offset);
        }
        if (metadata != null && metadata.length() > MAX_METADATA_LENGTH) {
            throw new IllegalArgumentException("commit metadata of " + metadata.length()
                    + " characters is longer than the " + MAX_METADATA_LENGTH + " allowed");
        }
    }
}
