package dev.brook.client.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ConcurrentModificationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadGuardTest {
    @Test
    void callsNestOnOneThreadAndThreadsTakeTurns() throws Exception {
        ThreadGuard guard = new ThreadGuard();

        assertThat(guard.run(() -> guard.run(() -> 42))).isEqualTo(42);
        assertThat(CompletableFuture.supplyAsync(() -> guard.run(() -> "other thread")).get(10, TimeUnit.SECONDS))
                .isEqualTo("other thread");
    }

    @Test
    void aSecondThreadInsideAtTheSameTimeIsRefused() throws Exception {
        ThreadGuard guard = new ThreadGuard();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> guard.run(() -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        try {
            guard.run(() -> { });
            throw new AssertionError("expected the second thread to be refused");
        } catch (ConcurrentModificationException expected) {
            assertThat(expected).hasMessageContaining("wakeup()");
        } finally {
            release.countDown();
        }
        holder.get(10, TimeUnit.SECONDS);
        guard.run(() -> { }); // free again once the holder left
    }
}
