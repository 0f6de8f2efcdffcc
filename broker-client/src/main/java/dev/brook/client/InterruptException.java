package dev.brook.client;

/**
 * Thrown by a blocking client call (a consumer's poll or commit, a producer's send or flush) whose
 * thread was interrupted while it waited. The thread's interrupt status is set again before it is
 * thrown, so that code further up still sees the interrupt; the cause is the
 * {@link InterruptedException}. As Kafka's clients do.
 */
public class InterruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
