package dev.brook.client.internal;

import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.NetworkException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.Message;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The client side of the network: one broker address, one connection at a time, opened on first
 * use and opened again after it is lost, so that a restarted broker is reached without the
 * application doing anything. {@link #send} makes one attempt; {@link #sendWithRetries} repeats
 * retriable failures with a backoff until a deadline. A broker that has never been reached is not
 * waited for: a wrong address fails the first request at once.
 *
 * <p>Thread-safe.
 */
public final class BrokerClient implements AutoCloseable {
    /** For {@link #dispatch}: any connection will do. */
    private static final long ANY_CONNECTION = -1;
    private final InetSocketAddress address;
    private final BrokerConnection.Settings settings;
    private final long retryBackoffMs;
    private final EventLoopGroup group;
    private CompletableFuture<BrokerConnection> connection;
    private boolean closed;
    /** Completes when the last request sent has been handed to its connection. Guarded by this. */
    private CompletableFuture<Void> lastHandedOver = CompletableFuture.completedFuture(null);
    /**
     * The results of {@link #sendWithRetries} not yet complete: close() fails them, since a retry
     * waiting for its backoff is cancelled with the network thread and would never complete them.
     */
    private final Set<CompletableFuture<?>> retrying = ConcurrentHashMap.newKeySet();
    /** How many connections have been opened: the current one's number. Guarded by this. */
    private long opened;
    /** Whether a connection ever succeeded: until one has, a refused connection is not retried. */
    private volatile boolean everConnected;

    public BrokerClient(InetSocketAddress address, BrokerConnection.Settings settings, long retryBackoffMs,
            String threadName) {
        this.address = address;
        this.settings = settings;
        this.retryBackoffMs = retryBackoffMs;
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.group = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
    }

    /** Parses {@code host:port}. @throws IllegalArgumentException naming the address when malformed */
    public static InetSocketAddress parseAddress(String hostAndPort) {
        int colon = hostAndPort == null ? -1 : hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("bootstrap server '" + hostAndPort + "' is not of the form host:port");
        }
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bootstrap server '" + hostAndPort + "' has a port that is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bootstrap server '" + hostAndPort + "' has a port out of range");
        }
        return InetSocketAddress.createUnresolved(hostAndPort.substring(0, colon), port);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** One attempt: connects if needed and sends. Requests are written in the order they were sent. */
    public <T> CompletableFuture<T> send(ApiKey api, Message request, BiFunction<java.nio.ByteBuffer, Short, T> reader) {
        return dispatch(ANY_CONNECTION, c -> c.send(api, request, reader));
    }

    /**
     * As {@link #send}, but only on the connection {@link #connectionGeneration()} named when the
     * request was prepared: if that one has been replaced meanwhile, fails at once with a
     * retriable {@link NetworkException}. The producer uses it so that a batch taken while an
     * older one of its partition was in flight on a connection that then broke cannot go out on
     * the next connection ahead of that older one's retry.
     */
    public <T> CompletableFuture<T> send(ApiKey api, Message request, BiFunction<java.nio.ByteBuffer, Short, T> reader,
            long generation) {
        return dispatch(generation, c -> c.send(api, request, reader));
    }

    /** One attempt at a request that gets no response, on the connection of {@code generation} (see above). */
    public CompletableFuture<Void> sendWithoutResponse(ApiKey api, Message request, long generation) {
        return dispatch(generation, c -> c.sendWithoutResponse(api, request));
    }

    /**
     * The number of the connection a request sent now would go out on: that of the current
     * connection while it is usable, else the next one's.
     */
    public synchronized long connectionGeneration() {
        return usable(connection) ? opened : opened + 1;
    }

    /**
     * Hands a request to the connection only after the one sent before it was handed over. While a
     * connection is being opened, requests wait on it, and a future's waiting actions run in no
     * guaranteed order (in practice the reverse): without this, a leave could overtake a join, or an
     * older commit a newer one.
     */
    private <T> CompletableFuture<T> dispatch(long generation,
            java.util.function.Function<BrokerConnection, CompletableFuture<T>> send) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> handedOver = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        CompletableFuture<BrokerConnection> connecting;
        synchronized (this) {
            previous = lastHandedOver;
            lastHandedOver = handedOver;
            CompletableFuture<BrokerConnection> current = connection();
            connecting = generation == ANY_CONNECTION || generation == opened ? current
                    : CompletableFuture.failedFuture(new NetworkException("the connection to " + address
                            + " this request was prepared for has been replaced"));
        }
        previous.thenCompose(ignored -> connecting).whenComplete((c, failure) -> {
            try {
                if (failure != null) {
                    result.completeExceptionally(unwrap(failure));
                } else {
                    send.apply(c).whenComplete((response, error) -> {
                        if (error != null) {
                            result.completeExceptionally(unwrap(error));
                        } else {
                            result.complete(response);
                        }
                    });
                }
            } catch (RuntimeException e) {
                // The network thread shut down by close(): thrown here, it would vanish with this callback.
                result.completeExceptionally(e);
            } finally {
                handedOver.complete(null);
            }
        });
        return result;
    }

    /**
     * Sends, repeating after {@code retry.backoff.ms} while the failure is retriable and the
     * deadline (in {@link System#nanoTime()} terms) has not passed.
     */
    public <T> CompletableFuture<T> sendWithRetries(ApiKey api, Message request,
            BiFunction<java.nio.ByteBuffer, Short, T> reader, long deadlineNanos) {
        CompletableFuture<T> result = new CompletableFuture<>();
        retrying.add(result);
        result.whenComplete((response, failure) -> retrying.remove(result));
        attempt(api, request, reader, deadlineNanos, result);
        return result;
    }

    private <T> void attempt(ApiKey api, Message request, BiFunction<java.nio.ByteBuffer, Short, T> reader,
            long deadlineNanos, CompletableFuture<T> result) {
        send(api, request, reader).whenComplete((response, failure) -> {
            if (failure == null) {
                result.complete(response);
                return;
            }
            Throwable cause = unwrap(failure);
            boolean retriable = cause instanceof BrookException && ((BrookException) cause).retriable()
                    && !(cause instanceof ConnectFailedException && !everConnected);
            long remaining = deadlineNanos - System.nanoTime();
            if (!retriable || remaining <= TimeUnit.MILLISECONDS.toNanos(retryBackoffMs) || isClosed()) {
                result.completeExceptionally(cause);
                return;
            }
            try {
                group.schedule(() -> attempt(api, request, reader, deadlineNanos, result), retryBackoffMs,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closedMeanwhile) {
                // close() ran after the check above; an exception thrown here would vanish with this callback
                IllegalStateException closedError = new IllegalStateException("the client was closed while "
                        + api.displayName() + " waited to be retried");
                closedError.addSuppressed(cause);
                result.completeExceptionally(closedError);
            }
        });
    }

    private synchronized CompletableFuture<BrokerConnection> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the client is closed"));
        }
        CompletableFuture<BrokerConnection> current = connection;
        if (!usable(current)) {
            InetSocketAddress resolved = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
            if (resolved.isUnresolved()) {
                return CompletableFuture.failedFuture(new NetworkException(
                        "cannot resolve the broker host '" + address.getHostString() + "'"));
            }
            current = BrokerConnection.connect(group, resolved, settings);
            current.thenRun(() -> everConnected = true);
            connection = current;
            opened++;
        }
        return current;
    }

    /**
     * Whether requests may go to {@code current}. A closed connection still may until it has
     * failed every request it held: a request sent meanwhile fails and is retried behind them, in
     * order, rather than overtaking them on a new connection.
     */
    private static boolean usable(CompletableFuture<BrokerConnection> current) {
        return current != null && (!current.isDone()
                || (!current.isCompletedExceptionally() && !current.join().isTerminated()));
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the connection and the network thread; requests outstanding fail. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<BrokerConnection> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = connection;
        }
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().close();
        }
        for (CompletableFuture<?> result : List.copyOf(retrying)) {
            result.completeExceptionally(new IllegalStateException("the client was closed while the request waited "
                    + "to be retried"));
        }
        Future<?> terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!inNetworkThread()) {
            // On the network thread itself (a callback closing its client), waiting would never end.
            terminated.syncUninterruptibly();
        }
    }

    /** Whether the calling thread is this client's network thread, on which callbacks run. */
    public boolean inNetworkThread() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
