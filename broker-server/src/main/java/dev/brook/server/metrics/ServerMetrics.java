package dev.brook.server.metrics;

import dev.brook.core.Broker;
import dev.brook.server.network.WireProtocol;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.util.HierarchicalNameMapper;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one server: a Prometheus registry (read by {@link #scrape()} for {@code /metrics})
 * and, from {@link #exportToJmx}, a JMX registry (MBeans under the {@value #JMX_DOMAIN} domain,
 * named {@code brook:server=<server>,name=...,type=...} by {@link ServerObjectNames}) behind one
 * composite registry that everything registers with, plus the JVM and process meters and the
 * broker's ({@link BrokerMetrics}). The meters that follow topics and groups are refreshed before
 * each scrape and every {@value #REFRESH_INTERVAL_MS} ms for JMX readers.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and unregisters this server's MBeans, and only
 * those: other servers in the JVM keep theirs.
 */
public final class ServerMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);
    /** The JMX domain of Brook's MBeans. */
    public static final String JMX_DOMAIN = "brook";
    static final long REFRESH_INTERVAL_MS = 10_000;

    private final PrometheusMeterRegistry prometheus;
    private volatile JmxMeterRegistry jmx;
    private final CompositeMeterRegistry registry;
    private final BrokerMetrics brokerMetrics;
    private volatile JvmGcMetrics gcMetrics;
    private final ScheduledExecutorService refresher;
    private boolean closed;

    public ServerMetrics(Broker broker) {
        String version = version();
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry = new CompositeMeterRegistry(Clock.SYSTEM);
        registry.add(prometheus);
        Gauge.builder("brook.info", () -> 1).description("Always 1; the tags tell the version and cluster id")
                .tags("version", version, "cluster_id", broker.clusterId()).register(registry);
        brokerMetrics = new BrokerMetrics(broker, registry);
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "brook-metrics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_INTERVAL_MS, REFRESH_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts publishing the meters as MBeans, with {@code server} (the port of Brook's listener,
     * known once it is bound) as the {@code server} key of their names, and binds the JVM's own
     * meters. JMX and the JVM's meters load and initialize many classes (javax.management, the GC
     * notification listeners): this is done beside the start rather than before it, which keeps
     * them off the start-to-ready path; meters registered meanwhile reach JMX when it is added.
     * Called once, when the server has bound its listeners.
     */
    public void exportToJmx(String server) {
        ServerObjectNames names = new ServerObjectNames(server);
        try {
            refresher.execute(() -> {
                try {
                    addJmxAndJvmMetrics(names);
                } catch (RuntimeException e) {
                    // The executor would swallow it: say so, the broker serves on without MBeans.
                    log.error("could not publish the metrics over JMX as server {}", server, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // Closed before the start finished: there is nothing left to publish.
        }
    }

    private void addJmxAndJvmMetrics(ServerObjectNames names) {
        JmxConfig config = new JmxConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String domain() {
                return JMX_DOMAIN;
            }
        };
        MetricRegistry dropwizard = new MetricRegistry();
        JmxMeterRegistry jmxRegistry = new JmxMeterRegistry(config, Clock.SYSTEM, HierarchicalNameMapper.DEFAULT,
                dropwizard, JmxReporter.forRegistry(dropwizard).inDomain(JMX_DOMAIN).createsObjectNamesWith(names)
                        .build());
        registry.add(jmxRegistry);
        jmx = jmxRegistry;
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        gcMetrics = gc;
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** This build's version: the jar's implementation version, or "development" when run from classes. */
    public static String version() {
        String version = ServerMetrics.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** The registry to register meters with; they reach both Prometheus and JMX. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Wraps a listener's protocol so that its requests are measured. */
    public WireProtocol measured(WireProtocol protocol) {
        return new MeasuredProtocol(protocol, registry);
    }

    /**
     * Publishes a bound listener: its open connections ({@code brook.connections}) and its address
     * ({@code brook.listener.port}, tagged with the host, whose value is the port).
     */
    public void listener(String name, InetSocketAddress address, Supplier<Number> connections) {
        Gauge.builder("brook.connections", connections).description("Open client connections of the listener")
                .tag("listener", name).strongReference(true).register(registry);
        Gauge.builder("brook.listener.port", address::getPort).description("The port the listener is bound to")
                .tags("listener", name, "host", address.getAddress().getHostAddress()).strongReference(true)
                .register(registry);
    }

    /** Every meter in Prometheus's text format, the per-topic and per-group ones brought up to date first. */
    public String scrape() {
        brokerMetrics.refresh();
        return prometheus.scrape();
    }

    private void refreshQuietly() {
        try {
            brokerMetrics.refresh();
        } catch (RuntimeException e) {
            // A broker closing under the refresh is expected; anything else is a bug worth a line.
            log.warn("could not refresh the broker's metrics: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresher.shutdownNow();
        try {
            // The JMX and JVM set-up may still be running on it: let it finish before closing what it made.
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        brokerMetrics.close();
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        registry.close();
        if (jmx != null) {
            jmx.close();
        }
        prometheus.close();
    }
}
