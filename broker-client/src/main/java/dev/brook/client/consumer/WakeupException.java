package dev.brook.client.consumer;

/**
 * Thrown by a blocking {@link Consumer} call ({@link Consumer#poll poll}, {@link Consumer#position
 * position}, the offset look-ups) because another thread called {@link Consumer#wakeup()}. It is
 * not an error: the consumer is still usable, typically to be {@linkplain Consumer#close() closed}
 * by the thread that was polling.
 */
public class WakeupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WakeupException() {
        super("the consumer was woken up by Consumer.wakeup()");
    }
}
