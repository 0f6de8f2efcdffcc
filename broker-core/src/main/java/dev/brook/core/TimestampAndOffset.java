package dev.brook.core;

/** A record timestamp and the offset where it was found, as a time look-up returns them. Immutable. */
public record TimestampAndOffset(long timestamp, long offset) {
}
