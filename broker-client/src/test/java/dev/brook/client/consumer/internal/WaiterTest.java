package dev.brook.client.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brook.client.InterruptException;
import dev.brook.client.consumer.WakeupException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaiterTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(60);

    @Test
    void aSignalBetweenLookingAndWaitingIsNotLost() {
        Waiter waiter = new Waiter();
        long seen = waiter.generation();
        waiter.signal();
        long started = System.nanoTime();

        waiter.await(seen, started + LONG);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
    }

    @Test
    void aSignalFromAnotherThreadEndsTheWait() throws Exception {
        Waiter waiter = new Waiter();
        long seen = waiter.generation();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> waiter.await(seen, System.nanoTime() + LONG));

        waiter.signal();

        waiting.get(10, TimeUnit.SECONDS);
    }

    @Test
    void wakeupBreaksAWaitAndIsUsedUpByIt() {
        Waiter waiter = new Waiter();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(
                () -> waiter.await(waiter.generation(), System.nanoTime() + LONG));

        waiter.wakeup();

        Throwable failure = catchThrowable(() -> waiting.get(10, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WakeupException.class);
        waiter.checkWakeup(); // does not throw again
    }

    @Test
    void aWakeupBeforeTheCallMakesTheNextCallThrowOnce() {
        Waiter waiter = new Waiter();
        waiter.wakeup();

        assertThatThrownBy(waiter::checkWakeup).isInstanceOf(WakeupException.class);
        waiter.checkWakeup();
    }

    @Test
    void theWaitEndsAtTheDeadline() {
        Waiter waiter = new Waiter();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);

        waiter.await(waiter.generation(), deadline);

        assertThat(System.nanoTime() - deadline).isNotNegative();
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() {
        Waiter waiter = new Waiter();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> waiter.await(waiter.generation(), System.nanoTime() + LONG))
                    .isInstanceOf(InterruptException.class).hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
