package dev.brook.client.consumer;

import dev.brook.client.internal.BrokerClient;
import dev.brook.client.serialization.Deserializer;
import dev.brook.protocol.wire.ConsumerGroupHeartbeatRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Consumer} reaches its broker, fetches and turns bytes into keys and values, with
 * Kafka's names and defaults where Kafka has the setting. Built with
 * {@link #builder(Deserializer, Deserializer)}, which checks each value as it is set and the
 * combination in {@link Builder#build()}; immutable and thread-safe.
 *
 * <pre>{@code
 * ConsumerConfig<String, String> config = ConsumerConfig
 *         .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
 *         .bootstrapServer("127.0.0.1:7092")
 *         .autoOffsetReset(AutoOffsetReset.EARLIEST)
 *         .build();
 * }</pre>
 */
public final class ConsumerConfig<K, V> {
    /** {@code bootstrap.servers}: the broker's {@code host:port}. */
    public static final String DEFAULT_BOOTSTRAP_SERVER = "127.0.0.1:7092";
    /** {@code client.id}: the name the broker logs for this client's requests. */
    public static final String DEFAULT_CLIENT_ID = "brook-consumer";
    /** {@code auto.offset.reset}: {@link AutoOffsetReset#LATEST}, as in Kafka. */
    public static final AutoOffsetReset DEFAULT_AUTO_OFFSET_RESET = AutoOffsetReset.LATEST;
    /** {@code fetch.min.bytes}: the broker answers a fetch as soon as it has one byte. */
    public static final int DEFAULT_FETCH_MIN_BYTES = 1;
    /** {@code fetch.max.wait.ms}: how long the broker holds a fetch waiting for {@code fetch.min.bytes}. */
    public static final int DEFAULT_FETCH_MAX_WAIT_MS = 500;
    /** {@code fetch.max.bytes}: 50 MiB of records per fetch, and in the consumer's buffer. */
    public static final int DEFAULT_FETCH_MAX_BYTES = 50 * 1024 * 1024;
    /** {@code max.partition.fetch.bytes}: 1 MiB of records per partition per fetch. */
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 1024 * 1024;
    /** {@code max.poll.records}: the most records one poll returns. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    /** {@code request.timeout.ms}: how long a request may wait for its response before the connection is dropped. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    /** {@code default.api.timeout.ms}: the time limit of blocking calls that take no timeout. */
    public static final long DEFAULT_API_TIMEOUT_MS = 60_000;
    /** {@code retry.backoff.ms}: the pause before a failed request is repeated. */
    public static final long DEFAULT_RETRY_BACKOFF_MS = 100;
    /** {@code socket.connection.setup.timeout.ms}: how long opening a connection may take. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

    /** {@code auto.commit.interval.ms}: how often positions are committed when auto-commit is on. */
    public static final long DEFAULT_AUTO_COMMIT_INTERVAL_MS = 5_000;
    /**
     * {@code max.poll.interval.ms}: the longest time between polls before the consumer leaves its
     * group; also the rebalance timeout the broker is told.
     */
    public static final int DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    private final String bootstrapServer;
    private final dev.brook.client.ClientSecurity security;
    private final String clientId;
    /** A Micrometer MeterRegistry, or null; typed Object so that a consumer without one never loads Micrometer. */
    private final Object meterRegistry;
    private final String groupId;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final AutoOffsetReset autoOffsetReset;
    private final int fetchMinBytes;
    private final int fetchMaxWaitMs;
    private final int fetchMaxBytes;
    private final int maxPartitionFetchBytes;
    private final int maxPollRecords;
    private final long requestTimeoutMs;
    private final long defaultApiTimeoutMs;
    private final long retryBackoffMs;
    private final int connectTimeoutMs;
    private final boolean enableAutoCommit;
    private final long autoCommitIntervalMs;
    private final int maxPollIntervalMs;
    private final String groupRemoteAssignor;

    private ConsumerConfig(Builder<K, V> b) {
        this.bootstrapServer = b.bootstrapServer;
        this.clientId = b.clientId;
        this.meterRegistry = b.meterRegistry;
        this.groupId = b.groupId;
        this.keyDeserializer = b.keyDeserializer;
        this.valueDeserializer = b.valueDeserializer;
        this.autoOffsetReset = b.autoOffsetReset;
        this.fetchMinBytes = b.fetchMinBytes;
        this.fetchMaxWaitMs = b.fetchMaxWaitMs;
        this.fetchMaxBytes = b.fetchMaxBytes;
        this.maxPartitionFetchBytes = b.maxPartitionFetchBytes;
        this.maxPollRecords = b.maxPollRecords;
        this.requestTimeoutMs = b.requestTimeoutMs;
        this.defaultApiTimeoutMs = b.defaultApiTimeoutMs;
        this.retryBackoffMs = b.retryBackoffMs;
        this.connectTimeoutMs = b.connectTimeoutMs;
        this.enableAutoCommit = b.enableAutoCommit != null ? b.enableAutoCommit : b.groupId != null;
        this.autoCommitIntervalMs = b.autoCommitIntervalMs;
        this.maxPollIntervalMs = b.maxPollIntervalMs;
        this.groupRemoteAssignor = b.groupRemoteAssignor;
        this.security = b.security;
    }

    /** A builder with the given deserializers and every other setting at its default. */
    /** TLS and SASL to the broker ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}); plaintext by default. */
    public dev.brook.client.ClientSecurity security() {
        return security;
    }

    public static <K, V> Builder<K, V> builder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return new Builder<>(keyDeserializer, valueDeserializer);
    }

    /** {@code host:port} of the broker. */
    public String bootstrapServer() {
        return bootstrapServer;
    }

    /** The Micrometer {@code MeterRegistry} the consumer records its metrics in, or null for none. */
    public Object meterRegistry() {
        return meterRegistry;
    }

    public String clientId() {
        return clientId;
    }

    /**
     * The consumer group, if one was given: needed by {@link Consumer#subscribe} and by commits; a
     * consumer with assigned partitions and a group may commit too.
     */
    public Optional<String> groupId() {
        return Optional.ofNullable(groupId);
    }

    public Deserializer<K> keyDeserializer() {
        return keyDeserializer;
    }

    public Deserializer<V> valueDeserializer() {
        return valueDeserializer;
    }

    /** Where to start a partition without a position, or one whose position is out of range. */
    public AutoOffsetReset autoOffsetReset() {
        return autoOffsetReset;
    }

    /** The broker answers a fetch once this many bytes of records are available (or {@link #fetchMaxWaitMs()} passes). */
    public int fetchMinBytes() {
        return fetchMinBytes;
    }

    /** How long the broker may hold a fetch waiting for {@link #fetchMinBytes()}. */
    public int fetchMaxWaitMs() {
        return fetchMaxWaitMs;
    }

    /**
     * The most record bytes one fetch asks for, and the bound on records fetched but not yet
     * returned by {@code poll} (a single batch larger than this is still fetched, so that the
     * consumer progresses).
     */
    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    /** The most record bytes one fetch asks for from one partition. */
    public int maxPartitionFetchBytes() {
        return maxPartitionFetchBytes;
    }

    /** The most records one {@code poll} returns. */
    public int maxPollRecords() {
        return maxPollRecords;
    }

    /** How long one request may wait for its response before the connection is given up and the request retried. */
    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /**
     * The time limit of blocking calls that take no timeout ({@code position}, the offset look-ups),
     * and how long a broker that was reached before may stay unreachable before {@code poll}
     * reports it.
     */
    public long defaultApiTimeoutMs() {
        return defaultApiTimeoutMs;
    }

    /** The pause before a failed request is repeated. */
    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** How long opening a connection may take. */
    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /**
     * {@code enable.auto.commit}: whether positions are committed every
     * {@link #autoCommitIntervalMs()}, before partitions are revoked, and on close. True by default
     * when a group is set, as in Kafka; always false without a group.
     */
    public boolean enableAutoCommit() {
        return enableAutoCommit;
    }

    /** How often positions are committed when {@link #enableAutoCommit()} is on. */
    public long autoCommitIntervalMs() {
        return autoCommitIntervalMs;
    }

    /**
     * The longest time between two polls of a subscribed consumer: after it, the consumer leaves
     * its group (so its partitions go to others) and rejoins at the next poll. Also the rebalance
     * timeout sent to the broker: how long the consumer may take to give up revoked partitions.
     */
    public int maxPollIntervalMs() {
        return maxPollIntervalMs;
    }

    /**
     * {@code group.remote.assignor}: the broker's assignor for the group, {@code "range"},
     * {@code "roundrobin"} or {@code "uniform"}; null for the broker's default.
     */
    public Optional<String> groupRemoteAssignor() {
        return Optional.ofNullable(groupRemoteAssignor);
    }

    @Override
    public String toString() {
        return "ConsumerConfig(bootstrapServer=" + bootstrapServer + ", clientId=" + clientId + ", groupId=" + groupId
                + ", autoOffsetReset=" + autoOffsetReset.configName() + ", fetchMinBytes=" + fetchMinBytes
                + ", fetchMaxWaitMs=" + fetchMaxWaitMs + ", fetchMaxBytes=" + fetchMaxBytes
                + ", maxPartitionFetchBytes=" + maxPartitionFetchBytes + ", maxPollRecords=" + maxPollRecords
                + ", requestTimeoutMs=" + requestTimeoutMs + ", defaultApiTimeoutMs=" + defaultApiTimeoutMs
                + ", retryBackoffMs=" + retryBackoffMs + ", connectTimeoutMs=" + connectTimeoutMs
                + ", enableAutoCommit=" + enableAutoCommit + ", autoCommitIntervalMs=" + autoCommitIntervalMs
                + ", maxPollIntervalMs=" + maxPollIntervalMs + ", groupRemoteAssignor=" + groupRemoteAssignor + ")";
    }

    /** Collects and checks settings. Not thread-safe. */
    public static final class Builder<K, V> {
        private static final java.util.List<String> ASSIGNORS = java.util.List.of(
                ConsumerGroupHeartbeatRequest.RANGE, ConsumerGroupHeartbeatRequest.ROUND_ROBIN,
                ConsumerGroupHeartbeatRequest.UNIFORM);

        private String bootstrapServer = DEFAULT_BOOTSTRAP_SERVER;
        private String clientId = DEFAULT_CLIENT_ID;
        private Object meterRegistry;
        private String groupId;
        private final Deserializer<K> keyDeserializer;
        private final Deserializer<V> valueDeserializer;
        private AutoOffsetReset autoOffsetReset = DEFAULT_AUTO_OFFSET_RESET;
        private int fetchMinBytes = DEFAULT_FETCH_MIN_BYTES;
        private int fetchMaxWaitMs = DEFAULT_FETCH_MAX_WAIT_MS;
        private int fetchMaxBytes = DEFAULT_FETCH_MAX_BYTES;
        private int maxPartitionFetchBytes = DEFAULT_MAX_PARTITION_FETCH_BYTES;
        private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
        private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
        private long defaultApiTimeoutMs = DEFAULT_API_TIMEOUT_MS;
        private long retryBackoffMs = DEFAULT_RETRY_BACKOFF_MS;
        private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private Boolean enableAutoCommit;
        private long autoCommitIntervalMs = DEFAULT_AUTO_COMMIT_INTERVAL_MS;
        private int maxPollIntervalMs = DEFAULT_MAX_POLL_INTERVAL_MS;
        private String groupRemoteAssignor;

        private dev.brook.client.ClientSecurity security = dev.brook.client.ClientSecurity.PLAINTEXT;

        private Builder(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
            this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
            this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        }

        /** @throws IllegalArgumentException if it is not {@code host:port} */
        public Builder<K, V> bootstrapServer(String hostAndPort) {
            BrokerClient.parseAddress(hostAndPort);
            this.bootstrapServer = hostAndPort;
            return this;
        }

        /**
         * Records the consumer's metrics in a Micrometer registry (records consumed, fetch latency,
         * lag; see {@code docs/client.md}). Without one the consumer records nothing and needs no
         * Micrometer on the class path.
         */
        public Builder<K, V> meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder<K, V> clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** @throws IllegalArgumentException if it is empty; null means no group */
        public Builder<K, V> groupId(String groupId) {
            if (groupId != null && groupId.isEmpty()) {
                throw new IllegalArgumentException("groupId must not be empty; leave it unset for no group");
            }
            this.groupId = groupId;
            return this;
        }

        public Builder<K, V> autoOffsetReset(AutoOffsetReset reset) {
            this.autoOffsetReset = Objects.requireNonNull(reset, "autoOffsetReset");
            return this;
        }

        /** @throws IllegalArgumentException if negative */
        public Builder<K, V> fetchMinBytes(int bytes) {
            this.fetchMinBytes = (int) atLeast("fetchMinBytes", bytes, 0);
            return this;
        }

        /** @throws IllegalArgumentException if negative */
        public Builder<K, V> fetchMaxWaitMs(int ms) {
            this.fetchMaxWaitMs = (int) atLeast("fetchMaxWaitMs", ms, 0);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> fetchMaxBytes(int bytes) {
            this.fetchMaxBytes = (int) atLeast("fetchMaxBytes", bytes, 1);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> maxPartitionFetchBytes(int bytes) {
            this.maxPartitionFetchBytes = (int) atLeast("maxPartitionFetchBytes", bytes, 1);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> maxPollRecords(int records) {
            this.maxPollRecords = (int) atLeast("maxPollRecords", records, 1);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> requestTimeoutMs(long ms) {
            this.requestTimeoutMs = atLeast("requestTimeoutMs", ms, 1);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> defaultApiTimeoutMs(long ms) {
            this.defaultApiTimeoutMs = atLeast("defaultApiTimeoutMs", ms, 1);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> retryBackoffMs(long ms) {
            this.retryBackoffMs = atLeast("retryBackoffMs", ms, 1);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> connectTimeoutMs(int ms) {
            this.connectTimeoutMs = (int) atLeast("connectTimeoutMs", ms, 1);
            return this;
        }

        /** Commit positions automatically; by default on when a group is set. */
        public Builder<K, V> enableAutoCommit(boolean enable) {
            this.enableAutoCommit = enable;
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> autoCommitIntervalMs(long ms) {
            this.autoCommitIntervalMs = atLeast("autoCommitIntervalMs", ms, 1);
            return this;
        }

        /** @throws IllegalArgumentException if not positive */
        public Builder<K, V> maxPollIntervalMs(int ms) {
            this.maxPollIntervalMs = (int) atLeast("maxPollIntervalMs", ms, 1);
            return this;
        }

        /**
         * @param assignor {@code "range"}, {@code "roundrobin"} or {@code "uniform"}; null for the broker's default
         * @throws IllegalArgumentException for any other name
         */
        public Builder<K, V> groupRemoteAssignor(String assignor) {
            if (assignor != null && !ASSIGNORS.contains(assignor)) {
                throw new IllegalArgumentException("groupRemoteAssignor must be one of " + ASSIGNORS
                        + " or null for the broker's default, got '" + assignor + "'");
            }
            this.groupRemoteAssignor = assignor;
            return this;
        }

        /** TLS and SASL to the broker: {@link dev.brook.client.ClientSecurity#PLAINTEXT} (the default), or SSL and SASL settings. */
        public Builder<K, V> security(dev.brook.client.ClientSecurity security) {
            this.security = java.util.Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * The settings, checked together.
         *
         * @throws IllegalArgumentException if {@code requestTimeoutMs} is not longer than
         *     {@code fetchMaxWaitMs}: every fetch the broker holds would time out; or if
         *     {@code enableAutoCommit} is true without a {@code groupId}
         */
        public ConsumerConfig<K, V> build() {
            if (Boolean.TRUE.equals(enableAutoCommit) && groupId == null) {
                throw new IllegalArgumentException("enableAutoCommit needs a groupId: offsets are committed for a group");
            }
            if (requestTimeoutMs <= fetchMaxWaitMs) {
                throw new IllegalArgumentException("requestTimeoutMs (" + requestTimeoutMs
                        + ") must be longer than fetchMaxWaitMs (" + fetchMaxWaitMs
                        + "), or fetches the broker holds for data would time out");
            }
            return new ConsumerConfig<>(this);
        }

        private static long atLeast(String name, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be " + (min == 0 ? "at least 0" : "positive")
                        + ", got " + value);
            }
            return value;
        }
    }
}
