package dev.brook.server.http;

/**
 * What the HTTP listener asks the server. Implementations must be thread-safe: the listener calls
 * them on its event loop.
 */
public interface HttpEndpoints {
    /** Every metric in Prometheus's text format, or null when the server keeps no metrics ({@code metrics.enabled=false}). */
    String metrics();

    /** Why the broker is not ready to serve, or null when it is (logs loaded, listeners accepting). */
    String notReadyReason();
}
