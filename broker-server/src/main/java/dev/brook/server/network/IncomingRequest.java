package dev.brook.server.network;

import java.util.concurrent.CompletableFuture;

/**
 * A request whose header has been read, waiting to be served on an I/O thread.
 *
 * <p>Thread safety: {@link #serve} runs on one I/O thread; the other methods may be called from
 * any thread, once the request's outcome is known.
 */
public interface IncomingRequest {
    /**
     * Serves the request. Failures that the protocol can express become error responses; the
     * future completes exceptionally only on a bug, which {@link #failure} then answers.
     */
    CompletableFuture<OutgoingResponse> serve();

    /** The response to send when serving failed unexpectedly or the broker is shutting down. */
    OutgoingResponse failure(boolean shuttingDown);

    /** The request as it should appear in a log line: its API, version and correlation id. */
    String describe();

    /** The request's API as metrics name it, such as {@code "Produce"}: a constant, not built per request. */
    default String apiName() {
        return "unknown";
    }
}
