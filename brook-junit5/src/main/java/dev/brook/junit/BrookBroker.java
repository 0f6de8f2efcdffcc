package dev.brook.junit;

import dev.brook.core.Broker;
import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.NetworkTransport;
import dev.brook.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process broker started by {@link BrookTest}: where its clients connect, and the broker
 * itself for tests that want to create topics or look at the log directly.
 *
 * <p>Thread-safe. Its lifetime belongs to the extension: tests must not close it.
 */
public final class BrookBroker implements AutoCloseable {
    private static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";
    private static final AtomicLong DATA_DIRS = new AtomicLong();

    private final BrookServer server;
    private final Path dataDir;
    private final long startNanos;

    private BrookBroker(BrookServer server, Path dataDir, long startNanos) {
        this.server = server;
        this.dataDir = dataDir;
        this.startNanos = startNanos;
    }

    /** Starts a broker on free ports with a new temporary data directory and the given settings. */
    static BrookBroker start(String[] config) {
        long began = System.nanoTime();
        skipNettyAllocatorEvents();
        Path dataDir = newDataDir();
        Properties properties = new Properties();
        for (String setting : config) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("@BrookTest config entry '" + setting + "' is not key=value");
            }
            properties.setProperty(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
        }
        List<String> unknown = new java.util.ArrayList<>();
        // Without settings, the builder alone: the properties table costs tens of milliseconds to build.
        ServerConfig.Builder builder = properties.isEmpty() ? ServerConfig.builder()
                : ServerConfig.fromProperties(properties, unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("@BrookTest config has unknown settings " + unknown
                    + "; see docs/configuration.md");
        }
        applyTestDefaults(builder, properties);
        try {
            BrookServer server = BrookServer.start(builder.host("127.0.0.1").port(0).kafkaPort(0).dataDir(dataDir)
                    .build());
            return new BrookBroker(server, dataDir, System.nanoTime() - began);
        } catch (RuntimeException e) {
            deleteQuietly(dataDir);
            throw e;
        }
    }

    /**
     * A new directory only this user can enter, under {@code java.io.tmpdir}. Not
     * {@code Files.createTempDirectory}: its random name seeds a {@code SecureRandom}, a tenth of
     * a test broker's start. A name made of the process id, a counter and the clock is as unique;
     * a name someone else made first (or a link planted there) fails the atomic create and the
     * next name is tried.
     */
    private static Path newDataDir() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        FileAttribute<?>[] ownerOnly = tmp.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            Path dir = tmp.resolve("brook-test-" + ProcessHandle.current().pid() + "-" + DATA_DIRS.incrementAndGet() + "-"
                    + Long.toHexString(System.nanoTime()));
            try {
                return Files.createDirectory(dir, ownerOnly);
            } catch (FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a data directory for the test broker in " + tmp, e);
            }
        }
        throw new UncheckedIOException("could not create a data directory for the test broker in " + tmp, last);
    }

    /**
     * Netty 4.2's pooling allocator declares Java Flight Recorder events, and the first buffer it
     * allocates in a JVM loads and instruments them (over a hundred JFR classes, 100 ms or more
     * on two cores) whether or not anything records: a test would pay that on its first message.
     * Unless the test JVM says otherwise ({@code -Dio.netty.jfr.enabled=true} to record them),
     * they are turned off. It only takes effect if Netty has not initialized yet in this JVM.
     */
    private static void skipNettyAllocatorEvents() {
        if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
            System.setProperty(NETTY_JFR_PROPERTY, "false");
        }
    }

    /**
     * What a test broker does not start unless the test's config asks for it: the HTTP listener
     * ({@code http.enabled}), the metrics registries ({@code metrics.enabled}), and the Kafka
     * listener's protocol before its first connection ({@code kafka.warmup}). A test that needs
     * none of them would otherwise pay for loading them; the Kafka listener still accepts from the
     * start. Its listeners use the JDK's NIO rather than epoll ({@code network.transport=nio}):
     * loading Netty's native library is about a third of a start, and a test gains nothing from
     * epoll.
     */
    private static void applyTestDefaults(ServerConfig.Builder builder, Properties testConfig) {
        if (!testConfig.containsKey("http.enabled")) {
            builder.httpEnabled(false);
        }
        if (!testConfig.containsKey("metrics.enabled")) {
            builder.metricsEnabled(false);
        }
        if (!testConfig.containsKey("kafka.warmup")) {
            builder.kafkaWarmup(false);
        }
        if (!testConfig.containsKey("network.transport")) {
            builder.networkTransport(NetworkTransport.NIO);
        }
    }

    /** How long {@link #start} took, for the extension's own measurements (docs/testing.md). */
    long startNanos() {
        return startNanos;
    }

    /** {@code host:port} of Brook's own protocol, for Brook's client. */
    public String bootstrapServers() {
        return "127.0.0.1:" + server.port();
    }

    /** {@code host:port} of the Kafka listener, for kafka-clients' {@code bootstrap.servers}. */
    public String kafkaBootstrapServers() {
        return server.kafkaBootstrapServers();
    }

    /** The port of Brook's own protocol. */
    public int port() {
        return server.port();
    }

    /** The port of the Kafka listener. */
    public int kafkaPort() {
        return server.kafkaPort();
    }

    /** Creates a topic (failing if it exists) and returns this broker, for chaining in set-up code. */
    public BrookBroker createTopic(String name, int partitions) {
        server.broker().createTopic(NewTopic.of(name, partitions));
        return this;
    }

    /** The storage engine, for tests that look at logs, offsets or groups directly. */
    public Broker broker() {
        return server.broker();
    }

    /** The running server. */
    public BrookServer server() {
        return server;
    }

    /** The broker's temporary data directory, deleted when the broker stops. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and deletes its data; called by the extension. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // A temporary directory: the operating system cleans up what is left.
        }
    }

    @Override
    public String toString() {
        return "BrookBroker(brook=" + bootstrapServers() + ", kafka=" + kafkaBootstrapServers() + ", data=" + dataDir + ")";
    }
}
