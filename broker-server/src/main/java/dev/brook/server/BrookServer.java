package dev.brook.server;

import dev.brook.core.Broker;
import dev.brook.server.handler.FetchPurgatory;
import dev.brook.server.handler.RequestDispatcher;
import dev.brook.server.http.HttpEndpoints;
import dev.brook.server.http.HttpListener;
import dev.brook.server.kafka.KafkaClientsLibrary;
import dev.brook.server.kafka.KafkaListenerWiring;
import dev.brook.server.kafka.KafkaIdentity;
import dev.brook.server.metrics.ServerMetrics;
import dev.brook.server.network.DeferredProtocol;
import dev.brook.server.network.EventLoops;
import dev.brook.server.network.Listener;
import dev.brook.server.network.NativeProtocol;
import dev.brook.server.security.AclStore;
import dev.brook.server.security.Authorizer;
import dev.brook.server.security.CredentialStore;
import dev.brook.server.network.RequestMemory;
import dev.brook.server.network.WireProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Brook broker on the network: the storage engine ({@link Broker}) served over Brook's own
 * protocol ({@code docs/protocol.md}) and, on a second listener, Apache Kafka's
 * ({@code docs/kafka-compatibility.md}). Start one in a JVM application or test:
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
    /** Whether a server of this JVM has logged its start yet: only the first logs the process age. */
    private static final AtomicBoolean FIRST_START_LOGGED = new AtomicBoolean();

    private final ServerConfig config;
    private final Broker broker;
    private final boolean ownsBroker;
    private final ExecutorService ioExecutor;
    private final ScheduledThreadPoolExecutor timer;
    private final FetchPurgatory purgatory;
    private final RequestDispatcher dispatcher;
    private final Listener listener;
    /** Null when {@code kafka.enabled} is false or kafka-clients cannot serve ({@link #kafkaOffReason}). */
    private final Listener kafkaListener;
    /** The Kafka listener's protocol, built on its first connection or by the warm-up; null with no listener. */
    private final DeferredProtocol kafkaProtocol;
    /** Why there is no Kafka listener, or null if there is one. */
    private final String kafkaOffReason;
    /** Shared by both listeners. */
    private final EventLoops loops;
    /** Null when {@code metrics.enabled} is false. */
    private final ServerMetrics metrics;
    /** Null when {@code http.enabled} is false. */
    private final HttpListener http;
    /** Read by the HTTP listener's thread: true once both listeners accept, false again from close on. */
    private volatile boolean ready;
    private volatile InetSocketAddress address;
    private volatile InetSocketAddress kafkaAddress;
    private boolean closed;

    private BrookServer(ServerConfig config, Broker broker, boolean ownsBroker, HttpListener http, EventLoops loops) {
        this.config = config;
        this.http = http;
        this.metrics = config.metricsEnabled() ? new ServerMetrics(broker) : null;
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        this.ioExecutor = new ThreadPoolExecutor(config.ioThreads(), config.ioThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("brook-io"));
        this.timer = new ScheduledThreadPoolExecutor(1, threads("brook-fetch-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.purgatory = new FetchPurgatory(ioExecutor, timer);
        this.loops = loops;
        // One bound for both listeners: queued.max.request.bytes limits what the broker holds in all.
        RequestMemory requestMemory = new RequestMemory(config.queuedMaxRequestBytes());
        // One user file and one ACL file for both listeners.
        CredentialStore credentials = credentials(config, broker);
        Authorizer authorizer = new Authorizer(new AclStore(broker.config().dataDir()), config.superUsers(),
                config.authorizerEnabled());
        this.dispatcher = new RequestDispatcher(broker, new Identity(), purgatory, authorizer);
        this.listener = new Listener(listenerSettings(config.host(), config.port()),
                measured(new NativeProtocol(dispatcher, config.security().brookSaslMechanisms(), credentials)),
                ioExecutor, requestMemory, tlsContext(config.security().brookTls()), loops);
        this.kafkaOffReason = !config.kafkaEnabled() ? "the Kafka listener is disabled (kafka.enabled=false)"
                : KafkaClientsLibrary.unusableReason();
        if (kafkaOffReason == null) {
            // kafka-clients' classes are loaded only when the protocol is built (KafkaListenerWiring).
            KafkaListenerWiring wiring = new KafkaListenerWiring(broker, new KafkaEndpoint(), config, purgatory,
                    authorizer, credentials);
            this.kafkaProtocol = new DeferredProtocol("kafka", wiring::protocol);
            this.kafkaListener = new Listener(listenerSettings(config.kafkaHost(), config.kafkaPort()),
                    measured(kafkaProtocol), ioExecutor, requestMemory, tlsContext(config.security().kafkaTls()),
                    loops);
        } else {
            this.kafkaProtocol = null;
            this.kafkaListener = null;
        }
        broker.addAppendListener(purgatory);
    }

    /**
     * The users of both listeners, or null when neither authenticates. SASL works through
     * kafka-clients' mechanisms, so the user file is opened only where it is needed.
     *
     * @throws IllegalArgumentException if Brook's listener is to authenticate without a usable kafka-clients
     */
    private static CredentialStore credentials(ServerConfig config, Broker broker) {
        boolean brookSasl = !config.security().brookSaslMechanisms().isEmpty();
        if (!brookSasl && config.security().kafkaSaslMechanisms().isEmpty()) {
            return null;
        }
        String unusable = KafkaClientsLibrary.unusableReason();
        if (brookSasl && unusable != null) {
            throw new IllegalArgumentException("sasl.enabled.mechanisms needs kafka-clients for its SASL mechanisms, "
                    + "but " + unusable);
        }
        return unusable != null ? null : new CredentialStore(broker.config().dataDir());
    }

    private Listener.Settings listenerSettings(String host, int port) {
        return new Listener.Settings(host, port, config.maxRequestBytes(), config.queuedMaxRequestBytes(),
                config.maxConnections(), config.maxInFlightRequestsPerConnection(), config.connectionsMaxIdleMs(),
                config.networkThreads());
    }

    /** The protocol, measured when the server keeps metrics. */
    private WireProtocol measured(WireProtocol protocol) {
        return metrics == null ? protocol : metrics.measured(protocol);
    }

    /** Opens the broker on {@code config}'s data directory and starts listening. */
    public static BrookServer start(ServerConfig config) {
        long began = System.nanoTime();
        if (config.kafkaEnabled() && config.kafkaWarmup() && KafkaClientsLibrary.unusableReason() == null) {
            KafkaListenerWiring.preloadProtocolClassesInBackground();
        }
        // Up before the logs load, so that /health answers and /ready says "not yet" meanwhile.
        HttpListener http = startHttp(config);
        CompletableFuture<EventLoops> loops = EventLoops.createInBackground(config.networkThreads(),
                config.networkTransport());
        Broker broker;
        try {
            broker = Broker.open(config.brokerConfig());
        } catch (RuntimeException e) {
            EventLoops.closeWhenCreated(loops);
            closeHttp(http);
            throw e;
        }
        try {
            return start(config, broker, true, http, loops, began);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** Serves an already open broker, which the caller keeps and closes after the server. */
    public static BrookServer start(ServerConfig config, Broker broker) {
        long began = System.nanoTime();
        HttpListener http = startHttp(config);
        return start(config, broker, false, http,
                EventLoops.createInBackground(config.networkThreads(), config.networkTransport()), began);
    }

    private static HttpListener startHttp(ServerConfig config) {
        return config.httpEnabled() ? HttpListener.start(config.httpHost(), config.httpPort()) : null;
    }

    private static void closeHttp(HttpListener http) {
        if (http != null) {
            http.close();
        }
    }

    private static BrookServer start(ServerConfig config, Broker broker, boolean ownsBroker, HttpListener http,
            CompletableFuture<EventLoops> pendingLoops, long began) {
        BrookServer server;
        try {
            EventLoops loops = EventLoops.await(pendingLoops);
            try {
                server = new BrookServer(config, broker, ownsBroker, http, loops);
            } catch (RuntimeException e) {
                loops.close();
                throw e;
            }
        } catch (RuntimeException e) {
            EventLoops.closeWhenCreated(pendingLoops);
            closeHttp(http);
            throw e;
        }
        String binding = config.host() + ":" + config.port();
        try {
            server.address = server.listener.start();
            if (server.kafkaListener != null) {
                binding = config.kafkaHost() + ":" + config.kafkaPort() + " (Kafka listener)";
                server.kafkaAddress = server.kafkaListener.start();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.abortStart();
            throw new IllegalStateException("interrupted while binding " + binding, e);
        } catch (RuntimeException e) {
            server.abortStart();
            throw new IllegalStateException("could not listen on " + binding + ": " + e, e);
        }
        if (server.kafkaProtocol != null && config.kafkaWarmup()) {
            // Beside the rest of the start, on an I/O thread that is idle until the first request.
            server.kafkaProtocol.prepareOn(server.ioExecutor);
        }
        if (server.metrics != null) {
            server.metrics.listener("brook", server.address, server.listener::connectionCount);
            // The port keeps the MBeans of several servers in one JVM apart (docs/operations.md).
            server.metrics.exportToJmx(String.valueOf(server.address.getPort()));
            if (server.kafkaListener != null) {
                server.metrics.listener("kafka", server.kafkaAddress, server.kafkaListener::connectionCount);
            }
        }
        server.ready = true;
        if (http != null) {
            http.attach(server.new Endpoints());
            log.info("metrics, health and readiness on http://{}:{}/ (/metrics, /health, /ready)",
                    http.address().getAddress().getHostAddress(), http.port());
        }
        // Both listeners are bound and their event loops run: from here a connection is answered.
        String ready = readiness(began);
        if (server.kafkaAddress != null) {
            log.info("Brook listening on {}:{} and for Kafka clients on {}:{}, data in {}; {}", server.host(),
                    server.port(), server.kafkaAddress.getAddress().getHostAddress(), server.kafkaAddress.getPort(),
                    broker.config().dataDir().toAbsolutePath(), ready);
        } else {
            log.info("Brook listening on {}:{}, data in {}; {}", server.host(), server.port(),
                    broker.config().dataDir().toAbsolutePath(), ready);
            if (config.kafkaEnabled()) {
                log.warn("no Kafka listener: {}", server.kafkaOffReason);
            }
        }
        SecurityWarnings.logAtStart(config, server.address, server.kafkaAddress);
        return server;
    }

    private static io.netty.handler.ssl.SslContext tlsContext(dev.brook.server.security.TlsSettings tls) {
        return tls == null ? null : tls.serverContext();
    }

    /**
     * "started in N ms" (this start, from the call), and for the first server of a JVM also "ready
     * {@link #sinceProcessStart()}": for an embedded server started later in a long-lived JVM (a
     * test run starts many), the age of the process says nothing about the start.
     */
    static String readiness(long startedNanos) {
        String started = "started in " + Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() + " ms";
        return FIRST_START_LOGGED.compareAndSet(false, true) ? started + "; ready " + sinceProcessStart() : started;
    }

    /**
     * "in N ms since the process started", the start-to-ready time of {@code docs/performance.md}
     * (the OS gives the start in clock ticks, 10 ms on Linux); for an embedded server the JVM has
     * usually done other work first. ProcessHandle rather than the RuntimeMXBean: java.management
     * costs tens of milliseconds of class loading at start. {@code bin/brook} execs the JVM in its
     * own process, after building the jar if it had to, so it passes the moment it started the JVM
     * as {@value #LAUNCH_MILLIS_PROPERTY}, which is used instead when present.
     */
    static String sinceProcessStart() {
        String launched = System.getProperty(LAUNCH_MILLIS_PROPERTY);
        if (launched != null && launched.matches("[0-9]{1,18}")) {
            return "in " + (System.currentTimeMillis() - Long.parseLong(launched)) + " ms since the JVM was launched";
        }
        return ProcessHandle.current().info().startInstant()
                .map(start -> "in " + Duration.between(start, Instant.now()).toMillis()
                        + " ms since the process started")
                .orElse("(process start time unknown)");
    }

    /** The system property through which {@code bin/brook} tells when it launched the JVM (ms since the epoch). */
    static final String LAUNCH_MILLIS_PROPERTY = "brook.launch.millis";

    private void abortStart() {
        closeHttp(http);
        closeMetrics();
        listener.close();
        if (kafkaListener != null) {
            kafkaListener.close();
        }
        loops.close();
        broker.removeAppendListener(purgatory);
        shutdownExecutors();
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

    /**
     * The port of the Kafka protocol listener, for Kafka clients' {@code bootstrap.servers}.
     *
     * @throws IllegalStateException if the Kafka listener is disabled
     */
    public int kafkaPort() {
        return kafkaAddress().getPort();
    }

    /**
     * The address the Kafka protocol listener is bound to.
     *
     * @throws IllegalStateException if the Kafka listener is disabled
     */
    public InetSocketAddress kafkaAddress() {
        if (kafkaAddress == null) {
            throw new IllegalStateException(kafkaOffReason != null ? kafkaOffReason : "the Kafka listener is not bound");
        }
        return kafkaAddress;
    }

    /**
     * Whether the Kafka listener's protocol has been built: by the warm-up ({@code kafka.warmup}) or
     * its first connection. Before, the listener accepts and its first request waits for it.
     */
    public boolean kafkaProtocolBuilt() {
        return kafkaProtocol != null && kafkaProtocol.isBuilt();
    }

    /** {@code host:port} of the Kafka listener, ready for Kafka clients' {@code bootstrap.servers}. */
    public String kafkaBootstrapServers() {
        InetSocketAddress kafka = kafkaAddress();
        return kafka.getAddress().getHostAddress() + ":" + kafka.getPort();
    }

    /**
     * The port of the HTTP listener ({@code /metrics}, {@code /health}, {@code /ready}).
     *
     * @throws IllegalStateException if the HTTP listener is disabled
     */
    public int httpPort() {
        if (http == null) {
            throw new IllegalStateException("the HTTP listener is disabled (http.enabled=false)");
        }
        return http.port();
    }

    /**
     * The registry of the server's metrics, exported over JMX and on {@code /metrics}: an
     * application embedding the server may add its own meters.
     *
     * @throws IllegalStateException if the server keeps no metrics ({@code metrics.enabled=false})
     */
    public MeterRegistry meterRegistry() {
        return metrics().registry();
    }

    /**
     * Every metric in Prometheus's text format, as {@code /metrics} serves it.
     *
     * @throws IllegalStateException if the server keeps no metrics ({@code metrics.enabled=false})
     */
    public String scrapeMetrics() {
        return metrics().scrape();
    }

    private ServerMetrics metrics() {
        if (metrics == null) {
            throw new IllegalStateException("the server keeps no metrics (metrics.enabled=false)");
        }
        return metrics;
    }

    private void closeMetrics() {
        if (metrics != null) {
            metrics.close();
        }
    }

    /** The storage engine behind the server. */
    public Broker broker() {
        return broker;
    }

    public ServerConfig config() {
        return config;
    }

    /** The number of open client connections, on both listeners. */
    public int connectionCount() {
        return listener.connectionCount() + (kafkaListener == null ? 0 : kafkaListener.connectionCount());
    }

    /** Bytes of requests being received or served, bounded by {@code queued.max.request.bytes}. */
    public long reservedRequestBytes() {
        // Both listeners share one bound, so either reports the total.
        return listener.reservedRequestBytes();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        listener.stopAccepting();
        if (kafkaListener != null) {
            kafkaListener.stopAccepting();
        }
        purgatory.completeAll();
        try {
            long deadline = System.currentTimeMillis() + config.shutdownTimeoutMs();
            boolean drained = listener.awaitDrained(config.shutdownTimeoutMs());
            if (kafkaListener != null) {
                drained &= kafkaListener.awaitDrained(Math.max(0, deadline - System.currentTimeMillis()));
            }
            if (!drained) {
                log.warn("requests were still in flight after {} ms; closing their connections",
                        config.shutdownTimeoutMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
        if (kafkaListener != null) {
            kafkaListener.close();
        }
        loops.close();
        broker.removeAppendListener(purgatory);
        purgatory.completeAll();
        shutdownExecutors();
        closeHttp(http);
        closeMetrics();
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

    /** What the HTTP listener serves once the server is up. */
    private final class Endpoints implements HttpEndpoints {
        @Override
        public String metrics() {
            return metrics == null ? null : metrics.scrape();
        }

        @Override
        public String notReadyReason() {
            return ready ? null : "the broker is shutting down";
        }
    }

    /** What Kafka clients are told about this server, with the port known once bound. */
    private final class KafkaEndpoint implements KafkaIdentity {
        @Override
        public int brokerId() {
            return config.brokerId();
        }

        @Override
        public String host() {
            return config.kafkaAdvertisedHost();
        }

        @Override
        public int port() {
            return kafkaAddress == null ? config.kafkaPort() : kafkaAddress.getPort();
        }

        @Override
        public String clusterId() {
            return broker.clusterId();
        }
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
