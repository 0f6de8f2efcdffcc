package dev.brook.client.consumer;

/**
 * Thrown by a blocking {@link Consumer} call whose thread was interrupted while it waited. The
 * thread's interrupt status is set again before it is thrown, so that code further up still sees
 * the interrupt; the cause is the {@link InterruptedException}.
 */
public class InterruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
