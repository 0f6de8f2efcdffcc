package dev.brook.client.consumer.internal;

import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.internal.BrokerClient;
import dev.brook.client.internal.BrokerConnection;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.NetworkException;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.Message;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The consumer's two connections to its broker: one for long-polling fetches and one for
 * everything else (ListOffsets now, group requests later). The broker answers a connection's
 * requests in order, so a fetch it holds for data would otherwise delay an offset look-up by up to
 * {@code fetch.max.wait.ms} ({@code docs/protocol.md}, Connections). Each connection is re-opened on
 * the next request after it is lost, which is all a restarted broker needs.
 *
 * <p>Every response, or failure, tells this class whether the broker was reached, so that
 * {@code poll} can report a broker that cannot be reached instead of returning nothing forever.
 * {@link #wakeWhenDone} makes a completion {@linkplain Waiter#signal() signal} the {@link Waiter}.
 *
 * <p>Thread-safe.
 */
public final class ConsumerNetwork implements AutoCloseable {
    /** Room in a response frame beyond the records asked for: headers, and the one batch a fetch may return past its limits. */
    private static final int RESPONSE_SLACK_BYTES = 64 * 1024 * 1024;
    private static final int CONTROL_MAX_IN_FLIGHT = 100;

    private final String address;
    private final Waiter waiter;
    private final long retryBackoffNanos;
    private final BrokerClient fetchClient;
    private final BrokerClient controlClient;

    // Whether the broker can be reached; written by network threads. Guarded by this.
    private boolean everReached;
    private boolean unreachable;
    private long unreachableSinceNanos;
    private BrookException lastNetworkFailure;

    public ConsumerNetwork(ConsumerConfig<?, ?> config, Waiter waiter) {
        InetSocketAddress parsed = BrokerClient.parseAddress(config.bootstrapServer());
        this.address = parsed.getHostString() + ":" + parsed.getPort();
        this.waiter = waiter;
        this.retryBackoffNanos = TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs());
        dev.brook.client.internal.ClientTls tls = dev.brook.client.internal.ClientTls.of(config.security());
        dev.brook.client.internal.ClientSasl sasl = dev.brook.client.internal.ClientSasl.of(config.security());
        int maxResponseBytes = (int) Math.min(Integer.MAX_VALUE - 1024L, (long) config.fetchMaxBytes() + RESPONSE_SLACK_BYTES);
        this.fetchClient = new BrokerClient(parsed, new BrokerConnection.Settings(config.clientId(),
                config.connectTimeoutMs(), config.requestTimeoutMs(), 1, maxResponseBytes, tls, sasl),
                config.retryBackoffMs(), "brook-consumer-fetch");
        try {
            this.controlClient = new BrokerClient(parsed, new BrokerConnection.Settings(config.clientId(),
                    config.connectTimeoutMs(), config.requestTimeoutMs(), CONTROL_MAX_IN_FLIGHT, maxResponseBytes, tls, sasl),
                    config.retryBackoffMs(), "brook-consumer");
        } catch (RuntimeException e) {
            fetchClient.close();
            throw e;
        }
    }

    /** {@code host:port} of the broker, for messages. */
    public String address() {
        return address;
    }

    public long retryBackoffNanos() {
        return retryBackoffNanos;
    }

    public Waiter waiter() {
        return waiter;
    }

    /** Sends a fetch on the fetch connection: one attempt. */
    public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
        return recordOutcome(fetchClient.send(ApiKey.FETCH, request, FetchResponse::read));
    }

    /** Sends any other request on the control connection: one attempt. */
    public <T> CompletableFuture<T> send(ApiKey api, Message request, BiFunction<ByteBuffer, Short, T> reader) {
        return recordOutcome(controlClient.send(api, request, reader));
    }

    /**
     * Signals the waiter once {@code future} is complete, and returns it. The polling thread must
     * look at {@link CompletableFuture#isDone()} of this very future, not of one derived from it:
     * the signal follows this future's completion, so a thread that saw it incomplete is woken,
     * whereas a stage derived from it may complete after the signal, which would be lost.
     */
    public <T> CompletableFuture<T> wakeWhenDone(CompletableFuture<T> future) {
        future.whenComplete((response, failure) -> waiter.signal());
        return future;
    }

    /** Notes whether the broker answered, before the returned future completes. */
    private <T> CompletableFuture<T> recordOutcome(CompletableFuture<T> sent) {
        return sent.whenComplete((response, failure) -> recordOutcome(failure));
    }

    private synchronized void recordOutcome(Throwable failure) {
        Throwable cause = failure == null ? null : unwrap(failure);
        if (isConnectionFailure(cause)) {
            if (!unreachable) {
                unreachable = true;
                unreachableSinceNanos = System.nanoTime();
            }
            lastNetworkFailure = (BrookException) cause;
        } else if (cause == null || cause instanceof BrookException) {
            everReached = true;
            unreachable = false;
        }
    }

    /**
     * Throws a {@link NetworkException} naming the address when the broker cannot be reached and
     * either never could be (a wrong address, a broker that is not running) or has not been for
     * {@code reportAfterMs}. A broker that was reached and is briefly away (restarting) is not
     * reported: requests are retried until it is back.
     */
    public void throwIfUnreachable(long nowNanos, long reportAfterMs) {
        BrookException failure;
        boolean report;
        synchronized (this) {
            failure = lastNetworkFailure;
            report = unreachable && (!everReached
                    || nowNanos - unreachableSinceNanos >= TimeUnit.MILLISECONDS.toNanos(reportAfterMs));
        }
        if (report) {
            throw new NetworkException("cannot reach the broker at " + address + " (check bootstrapServer and that"
                    + " the broker is running): " + failure.getMessage(), failure);
        }
    }

    /**
     * Runs {@code attempt} until it succeeds, repeating retriable failures after the backoff, and
     * waits for it on the {@link Waiter} so that a wakeup breaks in.
     *
     * @param what the operation, for the timeout message ("the end offsets of [t-0]")
     * @throws TimeoutException naming the operation, the time and the last failure when time runs out
     * @throws BrookException the first failure that is not retriable, as it came
     */
    public <T> T call(Supplier<CompletableFuture<T>> attempt, long timeoutMs, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Throwable last = null;
        while (true) {
            waiter.checkWakeup();
            CompletableFuture<T> future = wakeWhenDone(attempt.get());
            while (!future.isDone()) {
                long seen = waiter.generation();
                if (future.isDone() || System.nanoTime() - deadline >= 0) {
                    break;
                }
                waiter.await(seen, deadline);
            }
            if (future.isDone()) {
                try {
                    return future.join();
                } catch (CompletionException | CancellationException e) {
                    Throwable cause = unwrap(e);
                    if (!retriable(cause)) {
                        throw asRuntime(cause);
                    }
                    last = cause;
                }
            }
            long retryAt = System.nanoTime() + retryBackoffNanos;
            if (!future.isDone() || retryAt - deadline >= 0) {
                throw new TimeoutException(what + " could not be looked up at the broker at " + address + " within "
                        + timeoutMs + " ms" + (last == null ? "" : "; the last attempt failed: " + last.getMessage()),
                        last);
            }
            waiter.sleepUntil(retryAt);
        }
    }

    /**
     * Whether repeating the request may succeed: the broker's retriable errors, except an unknown
     * topic or partition, which the consumer reports at once rather than waiting for the topic to
     * appear.
     */
    public static boolean retriable(Throwable failure) {
        return failure instanceof BrookException && ((BrookException) failure).retriable()
                && ((BrookException) failure).errorCode() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }

    static boolean isConnectionFailure(Throwable failure) {
        return failure instanceof NetworkException || failure instanceof TimeoutException;
    }

    /** The cause inside {@link CompletionException}s. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** {@code failure} if unchecked, else wrapped in an {@link IllegalStateException}. */
    public static RuntimeException asRuntime(Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new IllegalStateException(failure);
    }

    /** Closes both connections and their threads, each even if the other fails. Idempotent. */
    @Override
    public void close() {
        try {
            fetchClient.close();
        } finally {
            controlClient.close();
        }
    }
}
