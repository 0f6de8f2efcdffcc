package dev.brook.server;

import dev.brook.core.BrokerConfig;
import dev.brook.core.TopicConfig;
import dev.brook.server.security.SecuritySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * How a {@link BrookServer} listens and serves: address, limits and thread counts, plus the
 * storage settings of its {@link BrokerConfig}. Built with {@link #builder()}, or read from a
 * Java properties file with {@link #fromProperties}; immutable and thread-safe.
 */
public final class ServerConfig {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7092;
    /** Apache Kafka's port, so that Kafka's tools and clients work with their defaults. */
    public static final int DEFAULT_KAFKA_PORT = 9092;
    /** The HTTP listener's port, for {@code /metrics}, {@code /health} and {@code /ready}. */
    public static final int DEFAULT_HTTP_PORT = 7080;
    public static final Path DEFAULT_DATA_DIR = Path.of("brook-data");
    /** As Kafka's {@code socket.request.max.bytes}. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024;
    public static final long DEFAULT_QUEUED_MAX_REQUEST_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = 1_000;
    /** As Kafka's {@code connections.max.idle.ms}. */
    public static final long DEFAULT_CONNECTIONS_MAX_IDLE_MS = 600_000L;
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000L;
    public static final int DEFAULT_BROKER_ID = 1;
    /** As Kafka's {@code num.partitions}: partitions of a topic created without a count. */
    public static final int DEFAULT_NUM_PARTITIONS = 1;

    private final String host;
    private final int port;
    private final String advertisedHost;
    private final boolean kafkaEnabled;
    private final String kafkaHost;
    private final int kafkaPort;
    private final String kafkaAdvertisedHost;
    private final boolean httpEnabled;
    private final boolean metricsEnabled;
    private final boolean kafkaWarmup;
    private final String httpHost;
    private final int httpPort;
    private final boolean autoCreateTopics;
    private final boolean authorizerEnabled;
    private final java.util.Set<String> superUsers;
    private final int numPartitions;
    private final int brokerId;
    private final Path dataDir;
    private final Map<String, String> topicDefaults;
    private final long retentionCheckIntervalMs;
    private final long recoveryPointCheckpointIntervalMs;
    private final int groupHeartbeatIntervalMs;
    private final int groupSessionTimeoutMs;
    private final long producerIdExpirationMs;
    private final int groupMaxSize;
    private final int groupMaxSessionTimeoutMs;
    private final int groupMinSessionTimeoutMs;
    private final int groupInitialRebalanceDelayMs;
    private final int maxRequestBytes;
    private final long queuedMaxRequestBytes;
    private final int maxConnections;
    private final int maxInFlightRequestsPerConnection;
    private final long connectionsMaxIdleMs;
    private final int networkThreads;
    private final NetworkTransport networkTransport;
    private final int ioThreads;
    private final long shutdownTimeoutMs;
    private final SecuritySettings security;

    private ServerConfig(Builder b, SecuritySettings security) {
        this.host = b.host;
        this.port = b.port;
        this.advertisedHost = b.advertisedHost;
        this.kafkaEnabled = b.kafkaEnabled;
        this.kafkaHost = b.kafkaHost;
        // Asking for a free port for Brook's protocol (an embedded broker, a test) without naming a
        // Kafka port means a free one for Kafka's too, so that such brokers never fight over 9092.
        this.kafkaPort = b.kafkaPort != null ? b.kafkaPort : b.port == 0 ? 0 : DEFAULT_KAFKA_PORT;
        this.kafkaAdvertisedHost = b.kafkaAdvertisedHost;
        this.httpEnabled = b.httpEnabled;
        this.metricsEnabled = b.metricsEnabled;
        this.kafkaWarmup = b.kafkaWarmup;
        this.httpHost = b.httpHost;
        // As for kafka.port: a free port for the whole broker means a free one for HTTP too.
        this.httpPort = b.httpPort != null ? b.httpPort : b.port == 0 ? 0 : DEFAULT_HTTP_PORT;
        this.autoCreateTopics = b.autoCreateTopics;
        this.authorizerEnabled = b.authorizerEnabled;
        this.superUsers = java.util.Set.copyOf(b.superUsers);
        this.numPartitions = b.numPartitions;
        this.brokerId = b.brokerId;
        this.dataDir = b.dataDir;
        this.topicDefaults = Map.copyOf(b.topicDefaults);
        this.retentionCheckIntervalMs = b.retentionCheckIntervalMs;
        this.recoveryPointCheckpointIntervalMs = b.recoveryPointCheckpointIntervalMs;
        this.groupHeartbeatIntervalMs = b.groupHeartbeatIntervalMs;
        this.groupSessionTimeoutMs = b.groupSessionTimeoutMs;
        this.producerIdExpirationMs = b.producerIdExpirationMs;
        this.groupMaxSize = b.groupMaxSize;
        this.groupMaxSessionTimeoutMs = b.groupMaxSessionTimeoutMs;
        this.groupMinSessionTimeoutMs = b.groupMinSessionTimeoutMs;
        this.groupInitialRebalanceDelayMs = b.groupInitialRebalanceDelayMs;
        this.maxRequestBytes = b.maxRequestBytes;
        this.queuedMaxRequestBytes = b.queuedMaxRequestBytes;
        this.maxConnections = b.maxConnections;
        this.maxInFlightRequestsPerConnection = b.maxInFlightRequestsPerConnection;
        this.connectionsMaxIdleMs = b.connectionsMaxIdleMs;
        this.networkThreads = b.networkThreads;
        this.networkTransport = b.networkTransport;
        this.ioThreads = b.ioThreads;
        this.shutdownTimeoutMs = b.shutdownTimeoutMs;
        this.security = security;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The storage engine's settings. */
    public BrokerConfig brokerConfig() {
        return BrokerConfig.builder(dataDir)
                .topicDefaults(topicDefaults)
                .retentionCheckIntervalMs(retentionCheckIntervalMs)
                .recoveryPointCheckpointIntervalMs(recoveryPointCheckpointIntervalMs)
                .groupHeartbeatIntervalMs(groupHeartbeatIntervalMs)
                .groupSessionTimeoutMs(groupSessionTimeoutMs)
                .producerIdExpirationMs(producerIdExpirationMs)
                .groupMaxSize(groupMaxSize)
                .groupMaxSessionTimeoutMs(groupMaxSessionTimeoutMs)
                .groupMinSessionTimeoutMs(groupMinSessionTimeoutMs)
                .groupInitialRebalanceDelayMs(groupInitialRebalanceDelayMs)
                .build();
    }

    public String host() {
        return host;
    }

    /** The port to listen on; 0 picks a free one ({@link BrookServer#port()} tells which). */
    public int port() {
        return port;
    }

    /** The host clients are told to connect to in Metadata responses. */
    public String advertisedHost() {
        return advertisedHost != null ? advertisedHost : host;
    }

    /** Whether the Kafka protocol listener runs. */
    public boolean kafkaEnabled() {
        return kafkaEnabled;
    }

    /** The address the Kafka protocol listener binds to. */
    public String kafkaHost() {
        return kafkaHost != null ? kafkaHost : host;
    }

    /**
     * The Kafka protocol listener's port: {@value #DEFAULT_KAFKA_PORT} unless set, or 0 (a free
     * one) when {@link #port()} is 0 and this was not set.
     */
    public int kafkaPort() {
        return kafkaPort;
    }

    /** The host Kafka clients are told to connect to in Metadata responses. */
    public String kafkaAdvertisedHost() {
        return kafkaAdvertisedHost != null ? kafkaAdvertisedHost : kafkaHost != null ? kafkaHost : advertisedHost();
    }

    /** Whether the Kafka listener checks ACLs ({@code acls.txt} in the data directory, {@code bin/brook acls}). */
    public boolean authorizerEnabled() {
        return authorizerEnabled;
    }

    /** Principals ({@code User:NAME}) allowed everything, whatever the ACLs say. */
    public java.util.Set<String> superUsers() {
        return superUsers;
    }

    /** Whether the HTTP listener ({@code /metrics}, {@code /health}, {@code /ready}) runs. */
    public boolean httpEnabled() {
        return httpEnabled;
    }

    /**
     * Whether the server keeps metrics: when false there are no meter registries (no
     * {@code /metrics}, no MBeans, no JVM meters) and requests are served without being measured.
     */
    public boolean metricsEnabled() {
        return metricsEnabled;
    }

    /**
     * Whether the Kafka listener's protocol is built in the background as soon as the listener
     * accepts (true), or when its first connection arrives (false).
     */
    public boolean kafkaWarmup() {
        return kafkaWarmup;
    }

    /** The address the HTTP listener binds to. */
    public String httpHost() {
        return httpHost != null ? httpHost : host;
    }

    /**
     * The HTTP listener's port: {@value #DEFAULT_HTTP_PORT} unless set, or 0 (a free one) when
     * {@link #port()} is 0 and this was not set.
     */
    public int httpPort() {
        return httpPort;
    }

    /** Whether a Kafka client's Metadata request creates the topics it names that do not exist. */
    public boolean autoCreateTopics() {
        return autoCreateTopics;
    }

    /** Partitions of a topic created without a count (auto-created, or by a Kafka admin client asking for the default). */
    public int numPartitions() {
        return numPartitions;
    }

    public int brokerId() {
        return brokerId;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Map<String, String> topicDefaults() {
        return topicDefaults;
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    public long queuedMaxRequestBytes() {
        return queuedMaxRequestBytes;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    public long connectionsMaxIdleMs() {
        return connectionsMaxIdleMs;
    }

    public int networkThreads() {
        return networkThreads;
    }

    /** The socket transport of the Brook and Kafka listeners ({@code network.transport}). */
    public NetworkTransport networkTransport() {
        return networkTransport;
    }

    public int ioThreads() {
        return ioThreads;
    }

    /** How often consumer group members are told to heartbeat. */
    public int groupHeartbeatIntervalMs() {
        return groupHeartbeatIntervalMs;
    }

    /** How long a consumer group member may go without a heartbeat before it is removed. */
    public int groupSessionTimeoutMs() {
        return groupSessionTimeoutMs;
    }

    public long shutdownTimeoutMs() {
        return shutdownTimeoutMs;
    }

    /** TLS of both listeners and SASL of the Kafka listener (docs/operations.md, "Running Brook securely"). */
    public SecuritySettings security() {
        return security;
    }

    /**
     * The settings a properties file may hold, with their defaults and meaning, in documentation
     * order. Topic defaults use Kafka's broker-level names ({@code log.retention.ms}, ...).
     */
    public static List<Setting> settings() {
        registerSettings();
        return SETTINGS;
    }

    /**
     * Kafka's broker-level name for the broker-wide default of a topic setting ({@code retention.ms}
     * is defaulted by {@code log.retention.ms}), or null when the topic setting has none. The Kafka
     * listener reports it as the setting's synonym, as Kafka's DescribeConfigs does.
     */
    public static String brokerLevelKey(String topicKey) {
        registerSettings();
        for (Map.Entry<String, String> entry : TOPIC_DEFAULT_KEYS.entrySet()) {
            if (entry.getValue().equals(topicKey)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** One key of the properties file. */
    public record Setting(String key, String defaultValue, String documentation, BiConsumer<Builder, String> apply) {
    }

    /** Filled by {@link #registerSettings()}; read only after it returns. */
    private static final List<Setting> SETTINGS = new ArrayList<>();
    /** Kafka's broker-level names for the topic settings whose defaults they set; as SETTINGS. */
    private static final Map<String, String> TOPIC_DEFAULT_KEYS = new LinkedHashMap<>();
    /** Guarded by the class's monitor. */
    private static boolean settingsRegistered;

    /**
     * Fills the table of settings on first use rather than in a static initializer: its 70-odd
     * lambdas each cost a class spun at run time, tens of milliseconds in all, which a server
     * built with the builder alone (an embedded one, a test's) never needs.
     */
    private static synchronized void registerSettings() {
        if (settingsRegistered) {
            return;
        }
        SETTINGS.add(new Setting("host", DEFAULT_HOST, "The address the listener binds to.", (b, v) -> b.host(v)));
        SETTINGS.add(new Setting("port", String.valueOf(DEFAULT_PORT), "The port of Brook's protocol listener; 0 picks a free one.",
                (b, v) -> b.port(parseInt("port", v))));
        SETTINGS.add(new Setting("advertised.host", "(host)", "The host clients are told to connect to.",
                (b, v) -> b.advertisedHost(v)));
        SETTINGS.add(new Setting("kafka.enabled", "true", "Whether the Kafka protocol listener runs.",
                (b, v) -> b.kafkaEnabled(parseBoolean("kafka.enabled", v))));
        SETTINGS.add(new Setting("kafka.host", "(host)", "The address the Kafka protocol listener binds to.",
                (b, v) -> b.kafkaHost(v)));
        SETTINGS.add(new Setting("kafka.port", String.valueOf(DEFAULT_KAFKA_PORT),
                "The port of the Kafka protocol listener; 0 picks a free one (as it does when port is 0 and this is not set).",
                (b, v) -> b.kafkaPort(parseInt("kafka.port", v))));
        SETTINGS.add(new Setting("kafka.advertised.host", "(kafka.host, else advertised.host)",
                "The host Kafka clients are told to connect to.", (b, v) -> b.kafkaAdvertisedHost(v)));
        SETTINGS.add(new Setting("authorizer.enabled", "false",
                "Whether both listeners check ACLs (acls.txt in the data directory, managed with bin/brook acls); with it, what no rule allows is denied.",
                (b, v) -> b.authorizerEnabled(parseBoolean("authorizer.enabled", v))));
        SETTINGS.add(new Setting("super.users", "",
                "Principals allowed everything whatever the ACLs say, separated by ';', e.g. User:admin;User:ops.",
                (b, v) -> b.superUsers(v)));
        SETTINGS.add(new Setting("http.enabled", "true",
                "Whether the HTTP listener runs: /metrics (Prometheus), /health, /ready and /status.",
                (b, v) -> b.httpEnabled(parseBoolean("http.enabled", v))));
        SETTINGS.add(new Setting("metrics.enabled", "true",
                "Whether the server keeps metrics (/metrics, the JMX MBeans, request timing); false serves requests unmeasured and skips the registries' start-up cost, for embedded and test use or to measure what metrics cost.",
                (b, v) -> b.metricsEnabled(parseBoolean("metrics.enabled", v))));
        SETTINGS.add(new Setting("kafka.warmup", "true",
                "Whether the Kafka listener loads its protocol classes in the background as soon as it listens; false loads them on its first connection. It accepts from the start either way.",
                (b, v) -> b.kafkaWarmup(parseBoolean("kafka.warmup", v))));
        SETTINGS.add(new Setting("http.host", "(host)", "The address the HTTP listener binds to.",
                (b, v) -> b.httpHost(v)));
        SETTINGS.add(new Setting("http.port", String.valueOf(DEFAULT_HTTP_PORT),
                "The port of the HTTP listener; 0 picks a free one (as it does when port is 0 and this is not set).",
                (b, v) -> b.httpPort(parseInt("http.port", v))));
        SETTINGS.add(new Setting("auto.create.topics.enable", "true",
                "Whether a Kafka client asking for metadata of a missing topic creates it (as Kafka's default).",
                (b, v) -> b.autoCreateTopics(parseBoolean("auto.create.topics.enable", v))));
        SETTINGS.add(new Setting("num.partitions", String.valueOf(DEFAULT_NUM_PARTITIONS),
                "Partitions of a topic created without a count.",
                (b, v) -> b.numPartitions(parseInt("num.partitions", v))));
        SETTINGS.add(new Setting("broker.id", String.valueOf(DEFAULT_BROKER_ID), "This broker's id in Metadata responses.",
                (b, v) -> b.brokerId(parseInt("broker.id", v))));
        SETTINGS.add(new Setting("data.dir", DEFAULT_DATA_DIR.toString(), "Where topics and logs are stored.",
                (b, v) -> b.dataDir(Path.of(v))));
        SETTINGS.add(new Setting("socket.request.max.bytes", String.valueOf(DEFAULT_MAX_REQUEST_BYTES),
                "The largest request frame accepted; a larger one closes the connection.",
                (b, v) -> b.maxRequestBytes(parseInt("socket.request.max.bytes", v))));
        SETTINGS.add(new Setting("queued.max.request.bytes", String.valueOf(DEFAULT_QUEUED_MAX_REQUEST_BYTES),
                "Bytes of requests being received or served, over all connections; a request is reserved when its size arrives, and one that does not fit waits in the socket buffer (one request is always admitted).",
                (b, v) -> b.queuedMaxRequestBytes(parseLong("queued.max.request.bytes", v))));
        SETTINGS.add(new Setting("max.connections", String.valueOf(DEFAULT_MAX_CONNECTIONS),
                "Connections beyond this are closed as soon as they are accepted.",
                (b, v) -> b.maxConnections(parseInt("max.connections", v))));
        SETTINGS.add(new Setting("max.in.flight.requests.per.connection",
                String.valueOf(DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
                "Requests one connection may have unanswered before the broker stops reading from it.",
                (b, v) -> b.maxInFlightRequestsPerConnection(parseInt("max.in.flight.requests.per.connection", v))));
        SETTINGS.add(new Setting("connections.max.idle.ms", String.valueOf(DEFAULT_CONNECTIONS_MAX_IDLE_MS),
                "A connection with no traffic for this long is closed.",
                (b, v) -> b.connectionsMaxIdleMs(parseLong("connections.max.idle.ms", v))));
        SETTINGS.add(new Setting("num.network.threads", "(cores)", "Threads that read and write sockets.",
                (b, v) -> b.networkThreads(parseInt("num.network.threads", v))));
        SETTINGS.add(new Setting("network.transport", "auto",
                "The listeners' socket transport: epoll (Netty's native library, Linux), nio (the JDK's selector) or auto (epoll where available). nio starts faster, since no native library is loaded.",
                (b, v) -> b.networkTransport(NetworkTransport.parse(v))));
        SETTINGS.add(new Setting("num.io.threads", "(cores)", "Threads that serve requests (appends, reads, admin).",
                (b, v) -> b.ioThreads(parseInt("num.io.threads", v))));
        SETTINGS.add(new Setting("shutdown.timeout.ms", String.valueOf(DEFAULT_SHUTDOWN_TIMEOUT_MS),
                "How long a shutdown waits for requests in flight to be answered.",
                (b, v) -> b.shutdownTimeoutMs(parseLong("shutdown.timeout.ms", v))));
        SETTINGS.add(new Setting("log.retention.check.interval.ms", String.valueOf(BrokerConfig.DEFAULT_RETENTION_CHECK_INTERVAL_MS),
                "How often retention looks for segments to delete.",
                (b, v) -> b.retentionCheckIntervalMs(parseLong("log.retention.check.interval.ms", v))));
        SETTINGS.add(new Setting("log.flush.offset.checkpoint.interval.ms",
                String.valueOf(BrokerConfig.DEFAULT_RECOVERY_POINT_CHECKPOINT_INTERVAL_MS),
                "How often the recovery points are written to disk.",
                (b, v) -> b.recoveryPointCheckpointIntervalMs(parseLong("log.flush.offset.checkpoint.interval.ms", v))));
        SETTINGS.add(new Setting("group.consumer.heartbeat.interval.ms",
                String.valueOf(BrokerConfig.DEFAULT_GROUP_HEARTBEAT_INTERVAL_MS),
                "How often consumer group members are told to heartbeat.",
                (b, v) -> b.groupHeartbeatIntervalMs(parseInt("group.consumer.heartbeat.interval.ms", v))));
        SETTINGS.add(new Setting("group.consumer.session.timeout.ms",
                String.valueOf(BrokerConfig.DEFAULT_GROUP_SESSION_TIMEOUT_MS),
                "How long a consumer group member may go without a heartbeat before its partitions go to others;"
                        + " larger than group.consumer.heartbeat.interval.ms.",
                (b, v) -> b.groupSessionTimeoutMs(parseInt("group.consumer.session.timeout.ms", v))));
        SETTINGS.add(new Setting("producer.id.expiration.ms",
                String.valueOf(BrokerConfig.DEFAULT_PRODUCER_ID_EXPIRATION_MS),
                "How long an idempotent producer may be idle before the broker forgets its sequence numbers.",
                (b, v) -> b.producerIdExpirationMs(parseLong("producer.id.expiration.ms", v))));
        SETTINGS.add(new Setting("group.initial.rebalance.delay.ms", String.valueOf(BrokerConfig.DEFAULT_GROUP_INITIAL_REBALANCE_DELAY_MS),
                "How long a new classic group waits for more members before its first rebalance completes (Kafka: 3000; shorter here for development and tests).",
                (b, v) -> b.groupInitialRebalanceDelayMs(parseInt("group.initial.rebalance.delay.ms", v))));
        SETTINGS.add(new Setting("group.min.session.timeout.ms", String.valueOf(BrokerConfig.DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS),
                "The shortest session timeout a classic group member may ask for.",
                (b, v) -> b.groupMinSessionTimeoutMs(parseInt("group.min.session.timeout.ms", v))));
        SETTINGS.add(new Setting("group.max.session.timeout.ms", String.valueOf(BrokerConfig.DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS),
                "The longest session timeout a classic group member may ask for.",
                (b, v) -> b.groupMaxSessionTimeoutMs(parseInt("group.max.session.timeout.ms", v))));
        SETTINGS.add(new Setting("group.max.size", String.valueOf(BrokerConfig.DEFAULT_GROUP_MAX_SIZE),
                "The most members a classic group may have.",
                (b, v) -> b.groupMaxSize(parseInt("group.max.size", v))));
        for (SecuritySettings.Key key : SecuritySettings.keys()) {
            SETTINGS.add(new Setting(key.name(), key.defaultValue(), key.documentation(),
                    (b, v) -> b.security(key.name(), v)));
        }
        TOPIC_DEFAULT_KEYS.put("log.cleanup.policy", TopicConfig.CLEANUP_POLICY);
        TOPIC_DEFAULT_KEYS.put("log.retention.ms", TopicConfig.RETENTION_MS);
        TOPIC_DEFAULT_KEYS.put("log.retention.bytes", TopicConfig.RETENTION_BYTES);
        TOPIC_DEFAULT_KEYS.put("log.segment.bytes", TopicConfig.SEGMENT_BYTES);
        TOPIC_DEFAULT_KEYS.put("log.roll.ms", TopicConfig.SEGMENT_MS);
        TOPIC_DEFAULT_KEYS.put("log.index.size.max.bytes", TopicConfig.SEGMENT_INDEX_BYTES);
        TOPIC_DEFAULT_KEYS.put("log.index.interval.bytes", TopicConfig.INDEX_INTERVAL_BYTES);
        TOPIC_DEFAULT_KEYS.put("log.flush.interval.messages", TopicConfig.FLUSH_MESSAGES);
        TOPIC_DEFAULT_KEYS.put("log.flush.interval.ms", TopicConfig.FLUSH_MS);
        TOPIC_DEFAULT_KEYS.put("log.message.timestamp.type", TopicConfig.MESSAGE_TIMESTAMP_TYPE);
        TOPIC_DEFAULT_KEYS.put("message.max.bytes", TopicConfig.MAX_MESSAGE_BYTES);
        TOPIC_DEFAULT_KEYS.put("log.segment.delete.delay.ms", TopicConfig.FILE_DELETE_DELAY_MS);
        for (Map.Entry<String, String> entry : TOPIC_DEFAULT_KEYS.entrySet()) {
            TopicConfig.Key topicKey = TopicConfig.keyFor(entry.getValue());
            SETTINGS.add(new Setting(entry.getKey(), topicKey.defaultValue(),
                    "Default of the topic setting " + topicKey.name() + ": " + topicKey.documentation(),
                    (b, v) -> b.topicDefault(topicKey.name(), v)));
        }
        settingsRegistered = true;
    }

    /**
     * Reads settings from properties. Unknown keys are returned in {@code unknownKeys} (the caller
     * warns about them); a bad value fails with {@link IllegalArgumentException} naming the key.
     */
    public static Builder fromProperties(Properties properties, List<String> unknownKeys) {
        Map<String, Setting> byKey = new HashMap<>();
        for (Setting setting : settings()) {
            byKey.put(setting.key(), setting);
        }
        Builder builder = builder();
        for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            Setting setting = byKey.get(key);
            if (setting == null) {
                unknownKeys.add(key);
                continue;
            }
            String value = properties.getProperty(key).trim();
            try {
                setting.apply().accept(builder, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid value '" + value + "' for " + key + ": " + e.getMessage(), e);
            }
        }
        return builder;
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer");
        }
    }

    /** Collects and checks the settings. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String advertisedHost;
        private boolean kafkaEnabled = true;
        private String kafkaHost;
        private Integer kafkaPort;
        private String kafkaAdvertisedHost;
        private boolean httpEnabled = true;
        private boolean metricsEnabled = true;
        private boolean kafkaWarmup = true;
        private String httpHost;
        private Integer httpPort;
        private boolean autoCreateTopics = true;
        private boolean authorizerEnabled;
        private final java.util.Set<String> superUsers = new java.util.LinkedHashSet<>();
        private int numPartitions = DEFAULT_NUM_PARTITIONS;
        private int brokerId = DEFAULT_BROKER_ID;
        private Path dataDir = DEFAULT_DATA_DIR;
        private final Map<String, String> topicDefaults = new HashMap<>();
        private long retentionCheckIntervalMs = BrokerConfig.DEFAULT_RETENTION_CHECK_INTERVAL_MS;
        private long recoveryPointCheckpointIntervalMs = BrokerConfig.DEFAULT_RECOVERY_POINT_CHECKPOINT_INTERVAL_MS;
        private int groupHeartbeatIntervalMs = BrokerConfig.DEFAULT_GROUP_HEARTBEAT_INTERVAL_MS;
        private int groupSessionTimeoutMs = BrokerConfig.DEFAULT_GROUP_SESSION_TIMEOUT_MS;
        private long producerIdExpirationMs = BrokerConfig.DEFAULT_PRODUCER_ID_EXPIRATION_MS;
        private int groupMaxSize = BrokerConfig.DEFAULT_GROUP_MAX_SIZE;
        private int groupMaxSessionTimeoutMs = BrokerConfig.DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS;
        private int groupMinSessionTimeoutMs = BrokerConfig.DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS;
        private int groupInitialRebalanceDelayMs = BrokerConfig.DEFAULT_GROUP_INITIAL_REBALANCE_DELAY_MS;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private long queuedMaxRequestBytes = DEFAULT_QUEUED_MAX_REQUEST_BYTES;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxInFlightRequestsPerConnection = DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;
        private long connectionsMaxIdleMs = DEFAULT_CONNECTIONS_MAX_IDLE_MS;
        private int networkThreads = Runtime.getRuntime().availableProcessors();
        private NetworkTransport networkTransport = NetworkTransport.AUTO;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private long shutdownTimeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS;
        private final Map<String, String> security = new HashMap<>();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        /** Whether to run the Kafka protocol listener (default true). */
        public Builder kafkaEnabled(boolean enabled) {
            this.kafkaEnabled = enabled;
            return this;
        }

        /** The address the Kafka protocol listener binds to (default: {@link #host}). */
        public Builder kafkaHost(String host) {
            this.kafkaHost = Objects.requireNonNull(host, "kafkaHost");
            return this;
        }

        /** The Kafka protocol listener's port; 0 picks a free one. */
        public Builder kafkaPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("kafka.port must be between 0 and 65535, got " + port);
            }
            this.kafkaPort = port;
            return this;
        }

        /** The host Kafka clients are told to connect to. */
        public Builder kafkaAdvertisedHost(String host) {
            this.kafkaAdvertisedHost = host;
            return this;
        }

        /** Whether the Kafka listener checks ACLs (default false). */
        public Builder authorizerEnabled(boolean enabled) {
            this.authorizerEnabled = enabled;
            return this;
        }

        /** Super users, as {@code User:NAME} separated by {@code ;}. */
        public Builder superUsers(String users) {
            superUsers.clear();
            for (String user : users.split(";")) {
                String trimmed = user.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!trimmed.startsWith("User:") || trimmed.length() == 5) {
                    throw new IllegalArgumentException("super.users holds User:NAME entries, not '" + trimmed + "'");
                }
                superUsers.add(trimmed);
            }
            return this;
        }

        /** Whether the HTTP listener runs (default true). */
        public Builder httpEnabled(boolean enabled) {
            this.httpEnabled = enabled;
            return this;
        }

        /**
         * Whether the server keeps metrics (default true): false means no registries, no
         * {@code /metrics} (the HTTP listener still answers {@code /health} and {@code /ready}),
         * no MBeans and no per-request measuring.
         */
        public Builder metricsEnabled(boolean enabled) {
            this.metricsEnabled = enabled;
            return this;
        }

        /**
         * Whether the Kafka listener builds its protocol in the background once it listens (default
         * true), rather than when its first connection arrives.
         */
        public Builder kafkaWarmup(boolean warmup) {
            this.kafkaWarmup = warmup;
            return this;
        }

        /** The address the HTTP listener binds to (default: {@link #host}). */
        public Builder httpHost(String host) {
            this.httpHost = Objects.requireNonNull(host, "httpHost");
            return this;
        }

        /** The HTTP listener's port (default {@value #DEFAULT_HTTP_PORT}); 0 picks a free one. */
        public Builder httpPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("http.port must be between 0 and 65535, got " + port);
            }
            this.httpPort = port;
            return this;
        }

        /** Whether Kafka clients' Metadata requests create missing topics (default true, as Kafka). */
        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        /** Partitions of a topic created without a count (default 1). */
        public Builder numPartitions(int partitions) {
            this.numPartitions = atLeast("num.partitions", partitions, 1);
            return this;
        }

        public Builder brokerId(int brokerId) {
            this.brokerId = atLeast("broker.id", brokerId, 0);
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * A broker-wide default for a topic setting, by its topic-level name.
         *
         * @throws dev.brook.protocol.errors.InvalidConfigurationException for an unknown key or bad value
         */
        public Builder topicDefault(String key, String value) {
            TopicConfig.keyFor(key).validate(value);
            topicDefaults.put(key, value);
            return this;
        }

        public Builder retentionCheckIntervalMs(long ms) {
            this.retentionCheckIntervalMs = atLeast("log.retention.check.interval.ms", ms, 1);
            return this;
        }

        public Builder recoveryPointCheckpointIntervalMs(long ms) {
            this.recoveryPointCheckpointIntervalMs = atLeast("log.flush.offset.checkpoint.interval.ms", ms, 1);
            return this;
        }

        /** How often group members are told to heartbeat; checked against the session timeout when the broker starts. */
        public Builder groupHeartbeatIntervalMs(int ms) {
            this.groupHeartbeatIntervalMs = atLeast("group.consumer.heartbeat.interval.ms", ms, 1);
            return this;
        }

        /** How long a group member may go without a heartbeat before it is removed. */
        public Builder groupSessionTimeoutMs(int ms) {
            this.groupSessionTimeoutMs = atLeast("group.consumer.session.timeout.ms", ms, 1);
            return this;
        }

        /** How long an idempotent producer may be idle before its state is dropped. */
        public Builder producerIdExpirationMs(long ms) {
            this.producerIdExpirationMs = atLeast("producer.id.expiration.ms", ms, 1);
            return this;
        }

        /** Kafka's {@code group.initial.rebalance.delay.ms}. */
        public Builder groupInitialRebalanceDelayMs(int value) {
            this.groupInitialRebalanceDelayMs = atLeast("group.initial.rebalance.delay.ms", value, 0);
            return this;
        }

        /** Kafka's {@code group.min.session.timeout.ms}. */
        public Builder groupMinSessionTimeoutMs(int value) {
            this.groupMinSessionTimeoutMs = atLeast("group.min.session.timeout.ms", value, 1);
            return this;
        }

        /** Kafka's {@code group.max.session.timeout.ms}. */
        public Builder groupMaxSessionTimeoutMs(int value) {
            this.groupMaxSessionTimeoutMs = atLeast("group.max.session.timeout.ms", value, 1);
            return this;
        }

        /** Kafka's {@code group.max.size}. */
        public Builder groupMaxSize(int value) {
            this.groupMaxSize = atLeast("group.max.size", value, 1);
            return this;
        }

        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = (int) atLeast("socket.request.max.bytes", bytes, 1024);
            return this;
        }

        public Builder queuedMaxRequestBytes(long bytes) {
            this.queuedMaxRequestBytes = atLeast("queued.max.request.bytes", bytes, 1);
            return this;
        }

        public Builder maxConnections(int connections) {
            this.maxConnections = (int) atLeast("max.connections", connections, 1);
            return this;
        }

        public Builder maxInFlightRequestsPerConnection(int requests) {
            this.maxInFlightRequestsPerConnection = (int) atLeast("max.in.flight.requests.per.connection", requests, 1);
            return this;
        }

        public Builder connectionsMaxIdleMs(long ms) {
            this.connectionsMaxIdleMs = atLeast("connections.max.idle.ms", ms, 1);
            return this;
        }

        public Builder networkThreads(int threads) {
            this.networkThreads = (int) atLeast("num.network.threads", threads, 1);
            return this;
        }

        /** The listeners' socket transport; {@link NetworkTransport#AUTO} by default. */
        public Builder networkTransport(NetworkTransport transport) {
            this.networkTransport = Objects.requireNonNull(transport, "network.transport");
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = (int) atLeast("num.io.threads", threads, 1);
            return this;
        }

        public Builder shutdownTimeoutMs(long ms) {
            this.shutdownTimeoutMs = atLeast("shutdown.timeout.ms", ms, 0);
            return this;
        }

        /**
         * A TLS or SASL setting by its name ({@code ssl.enabled}, {@code kafka.ssl.keystore.location},
         * {@code kafka.sasl.enabled.mechanisms}, ...; see {@link SecuritySettings#keys()}), checked with
         * the others when the config is built.
         */
        public Builder security(String key, String value) {
            if (!SecuritySettings.isKey(key)) {
                throw new IllegalArgumentException("unknown security setting " + key);
            }
            security.put(key, Objects.requireNonNull(value, key));
            return this;
        }

        /** @throws IllegalArgumentException if the session timeout is not longer than the heartbeat interval */
        public ServerConfig build() {
            if (groupSessionTimeoutMs <= groupHeartbeatIntervalMs) {
                throw new IllegalArgumentException("group.consumer.session.timeout.ms (" + groupSessionTimeoutMs
                        + ") must be larger than group.consumer.heartbeat.interval.ms (" + groupHeartbeatIntervalMs + ")");
            }
            return new ServerConfig(this, SecuritySettings.from(security));
        }

        private static long atLeast(String key, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
            }
            return value;
        }

        private static int atLeast(String key, int value, int min) {
            return (int) atLeast(key, (long) value, (long) min);
        }
    }
}
