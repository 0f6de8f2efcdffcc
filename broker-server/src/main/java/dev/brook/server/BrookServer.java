package dev.brook.server;

import dev.brook.core.Broker;
import dev.brook.server.handler.RequestDispatcher;
import dev.brook.server.network.NativeListener;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Brook broker on the network: the storage engine ({@link Broker}) served over Brook's own
 * protocol ({@code docs/protocol.md}). Start one in a JVM application or test:
 *
 * <pre>{@code
 * try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build())) {
 *     int port = server.port();   // the free port it picked
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops accepting connections, answers the requests in flight (waiting fetches
 * are answered with what they have), closes the connections and, if the server opened the broker,
 * shuts it down cleanly.
 *
 * <p>Thread-safe.
 */
public final class BrookServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrookServer.class);

    private final ServerConfig config;
    private final Broker broker;
    private final boolean ownsBroker;
    private final ExecutorService ioExecutor;
    private final ScheduledThreadPoolExecutor timer;
    private final RequestDispatcher dispatcher;
    private final NativeListener listener;
    private volatile InetSocketAddress address;
    private boolean closed;

    private BrookServer(ServerConfig config, Broker broker, boolean ownsBroker) {
        this.config = config;
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        this.ioExecutor = new ThreadPoolExecutor(config.ioThreads(), config.ioThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("brook-io"));
        this.timer = new ScheduledThreadPoolExecutor(1, threads("brook-fetch-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.dispatcher = new RequestDispatcher(broker, new Identity(), ioExecutor, timer);
        this.listener = new NativeListener(new NativeListener.Settings(config.host(), config.port(),
                config.maxRequestBytes(), config.queuedMaxRequestBytes(), config.maxConnections(),
                config.maxInFlightRequestsPerConnection(), config.connectionsMaxIdleMs(), config.networkThreads()),
                dispatcher, ioExecutor);
    }

    /** Opens the broker on {@code config}'s data directory and starts listening. */
    public static BrookServer start(ServerConfig config) {
        Broker broker = Broker.open(config.brokerConfig());
        try {
            return start(config, broker, true);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** Serves an already open broker, which the caller keeps and closes after the server. */
    public static BrookServer start(ServerConfig config, Broker broker) {
        return start(config, broker, false);
    }

    private static BrookServer start(ServerConfig config, Broker broker, boolean ownsBroker) {
        BrookServer server = new BrookServer(config, broker, ownsBroker);
        try {
            server.address = server.listener.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownExecutors();
            throw new IllegalStateException("interrupted while binding " + config.host() + ":" + config.port(), e);
        } catch (RuntimeException e) {
            server.shutdownExecutors();
            throw new IllegalStateException("could not listen on " + config.host() + ":" + config.port() + ": " + e, e);
        }
        log.info("Brook listening on {}:{}, data in {}", server.host(), server.port(),
                broker.config().dataDir().toAbsolutePath());
        return server;
    }

    /** The port the listener is bound to. */
    public int port() {
        return address.getPort();
    }

    /** The address the listener is bound to. */
    public String host() {
        return address.getAddress().getHostAddress();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The storage engine behind the server. */
    public Broker broker() {
        return broker;
    }

    public ServerConfig config() {
        return config;
    }

    /** The number of open client connections. */
    public int connectionCount() {
        return listener.connectionCount();
    }

    /** Bytes of requests being received or served, bounded by {@code queued.max.request.bytes}. */
    public long reservedRequestBytes() {
        return listener.reservedRequestBytes();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.stopAccepting();
        dispatcher.completeWaitingFetches();
        try {
            if (!listener.awaitDrained(config.shutdownTimeoutMs())) {
                log.warn("requests were still in flight after {} ms; closing their connections",
                        config.shutdownTimeoutMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
        dispatcher.close();
        shutdownExecutors();
        if (ownsBroker) {
            broker.close();
        }
        log.info("Brook on port {} stopped", address == null ? config.port() : address.getPort());
    }

    private void shutdownExecutors() {
        timer.shutdownNow();
        ioExecutor.shutdown();
        try {
            if (!ioExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
                ioExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            ioExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> log.error("uncaught failure on {}", t.getName(), e));
            return thread;
        };
    }

    /** Metadata's view of this server, with the port known once bound. */
    private final class Identity implements RequestDispatcher.ServerIdentity {
        @Override
        public int brokerId() {
            return config.brokerId();
        }

        @Override
        public String host() {
            return config.advertisedHost();
        }

        @Override
        public int port() {
            return address == null ? config.port() : address.getPort();
        }

        @Override
        public int maxRequestBytes() {
            return config.maxRequestBytes();
        }
    }
}
