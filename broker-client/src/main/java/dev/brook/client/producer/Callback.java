package dev.brook.client.producer;

/**
 * Told when a sent record is stored or has failed. Runs on the producer's network thread: keep it
 * quick and never block in it.
 */
@FunctionalInterface
public interface Callback {
    /** Exactly one of {@code metadata} and {@code exception} is non-null. */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
