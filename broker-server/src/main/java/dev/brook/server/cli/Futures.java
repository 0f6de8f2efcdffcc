package dev.brook.server.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits on a client future for a tool, turning its failure into the exception a user should see. */
final class Futures {
    static final long TIMEOUT_MS = 60_000;

    private Futures() {
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the broker within " + TIMEOUT_MS + " ms");
        }
    }
}
