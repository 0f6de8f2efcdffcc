package dev.brook.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * How to run an embedded {@link Broker}: where its data lives, the defaults every topic starts
 * from, and how often its background tasks run. Built with {@link #builder(Path)}, which checks
 * every value; immutable and thread-safe.
 *
 * <pre>{@code
 * BrokerConfig config = BrokerConfig.builder(Path.of("brook-data"))
 *         .topicDefaults(Map.of(TopicConfig.RETENTION_MS, "86400000"))
 *         .build();
 * }</pre>
 */
public final class BrokerConfig {
    /** How often retention looks for segments to delete, as Kafka's {@code log.retention.check.interval.ms}. */
    public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 300_000L;
    /** How often logs are checked against their {@code flush.ms}. */
    public static final long DEFAULT_FLUSH_CHECK_INTERVAL_MS = 1_000L;
    /** How often the recovery points are written to disk, as Kafka's {@code log.flush.offset.checkpoint.interval.ms}. */
    public static final long DEFAULT_RECOVERY_POINT_CHECKPOINT_INTERVAL_MS = 60_000L;
    /** The most partitions one topic may have. */
    public static final int DEFAULT_MAX_PARTITIONS_PER_TOPIC = 10_000;
    /** How long an empty group's committed offsets are kept, as Kafka's {@code offsets.retention.minutes} (7 days). */
    public static final long DEFAULT_OFFSETS_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    /** The size at which the committed-offsets log is compacted. */
    public static final long DEFAULT_OFFSETS_LOG_COMPACTION_BYTES = 64L * 1024 * 1024;
    /** How often group members heartbeat, as Kafka's {@code group.consumer.heartbeat.interval.ms}. */
    public static final int DEFAULT_GROUP_HEARTBEAT_INTERVAL_MS = 5_000;
    /** How long a member may go without a heartbeat, as Kafka's {@code group.consumer.session.timeout.ms}. */
    public static final int DEFAULT_GROUP_SESSION_TIMEOUT_MS = 45_000;
    /**
     * How long a partition remembers an idempotent producer that has stopped writing to it, as
     * Kafka's {@code producer.id.expiration.ms} (1 day).
     */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;
    /**
     * How long a classic group that has just formed waits for more members before its first
     * rebalance completes, as Kafka's {@code group.initial.rebalance.delay.ms}. Each member that
     * arrives during the wait extends it by the same amount, up to the rebalance timeout.
     *
     * <p>Kafka's default is 3000 ms, which suits a production cluster where a fleet of consumers
     * restarts together and every extra rebalance is costly. Brook is a single-node broker for
     * developers and tests, where a group usually forms from one or a few consumers started by the
     * same program: 3 s would be added to every test that creates a group. 100 ms is short enough
     * to go unnoticed, yet still lets consumers started together by one program (within a few
     * tens of milliseconds of each other) form the group in one rebalance instead of several.
     * Set 0 to complete the first rebalance at once.
     */
    public static final int DEFAULT_GROUP_INITIAL_REBALANCE_DELAY_MS = 100;
    /** The shortest session timeout a classic member may ask for, as Kafka's {@code group.min.session.timeout.ms}. */
    public static final int DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS = 6_000;
    /** The longest session timeout a classic member may ask for, as Kafka's {@code group.max.session.timeout.ms}. */
    public static final int DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS = 1_800_000;
    /** The most members a classic group may have, as Kafka's {@code group.max.size}: no limit. */
    public static final int DEFAULT_GROUP_MAX_SIZE = Integer.MAX_VALUE;

    private final Path dataDir;
    private final TopicConfig topicDefaults;
    private final Clock clock;
    private final long retentionCheckIntervalMs;
    private final long flushCheckIntervalMs;
    private final long recoveryPointCheckpointIntervalMs;
    private final int maxPartitionsPerTopic;
    private final long offsetsRetentionMs;
    private final long offsetsLogCompactionBytes;
    private final int groupHeartbeatIntervalMs;
    private final int groupSessionTimeoutMs;
    private final long producerIdExpirationMs;
    private final int groupInitialRebalanceDelayMs;
    private final int groupMinSessionTimeoutMs;
    private final int groupMaxSessionTimeoutMs;
    private final int groupMaxSize;

    private BrokerConfig(Builder builder) {
        this.dataDir = builder.dataDir;
        this.topicDefaults = builder.topicDefaults;
        this.clock = builder.clock;
        this.retentionCheckIntervalMs = builder.retentionCheckIntervalMs;
        this.flushCheckIntervalMs = builder.flushCheckIntervalMs;
        this.recoveryPointCheckpointIntervalMs = builder.recoveryPointCheckpointIntervalMs;
        this.maxPartitionsPerTopic = builder.maxPartitionsPerTopic;
        this.offsetsRetentionMs = builder.offsetsRetentionMs;
        this.offsetsLogCompactionBytes = builder.offsetsLogCompactionBytes;
        this.groupHeartbeatIntervalMs = builder.groupHeartbeatIntervalMs;
        this.groupSessionTimeoutMs = builder.groupSessionTimeoutMs;
        this.producerIdExpirationMs = builder.producerIdExpirationMs;
        this.groupInitialRebalanceDelayMs = builder.groupInitialRebalanceDelayMs;
        this.groupMinSessionTimeoutMs = builder.groupMinSessionTimeoutMs;
        this.groupMaxSessionTimeoutMs = builder.groupMaxSessionTimeoutMs;
        this.groupMaxSize = builder.groupMaxSize;
    }

    /** A builder for a broker whose data lives in {@code dataDir} (created if missing). */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The settings a topic has where it does not override them. */
    public TopicConfig topicDefaults() {
        return topicDefaults;
    }

    /** The clock for log append times, retention and rolls; tests substitute their own. */
    public Clock clock() {
        return clock;
    }

    public long retentionCheckIntervalMs() {
        return retentionCheckIntervalMs;
    }

    public long flushCheckIntervalMs() {
        return flushCheckIntervalMs;
    }

    public long recoveryPointCheckpointIntervalMs() {
        return recoveryPointCheckpointIntervalMs;
    }

    public int maxPartitionsPerTopic() {
        return maxPartitionsPerTopic;
    }

    /** How long the committed offsets of a group without members are kept after its last commit. */
    public long offsetsRetentionMs() {
        return offsetsRetentionMs;
    }

    /** The size at which the committed-offsets log is compacted. */
    public long offsetsLogCompactionBytes() {
        return offsetsLogCompactionBytes;
    }

    /** How often group members are told to heartbeat. */
    public int groupHeartbeatIntervalMs() {
        return groupHeartbeatIntervalMs;
    }

    /** How long a group member may go without a heartbeat before it is removed. */
    public int groupSessionTimeoutMs() {
        return groupSessionTimeoutMs;
    }

    /**
     * How long an idempotent producer may stay idle before the broker forgets it, as Kafka's
     * {@code producer.id.expiration.ms}: a partition then no longer detects its retries as
     * duplicates or checks its sequence, and an epoch bump for its id gets a new id.
     */
    public long producerIdExpirationMs() {
        return producerIdExpirationMs;
    }

    /** Kafka's {@code group.initial.rebalance.delay.ms}; see {@link #DEFAULT_GROUP_INITIAL_REBALANCE_DELAY_MS}. */
    public int groupInitialRebalanceDelayMs() {
        return groupInitialRebalanceDelayMs;
    }

    /** Kafka's {@code group.min.session.timeout.ms}: classic members asking for less are refused. */
    public int groupMinSessionTimeoutMs() {
        return groupMinSessionTimeoutMs;
    }

    /** Kafka's {@code group.max.session.timeout.ms}: classic members asking for more are refused. */
    public int groupMaxSessionTimeoutMs() {
        return groupMaxSessionTimeoutMs;
    }

    /** Kafka's {@code group.max.size}: the most members a classic group may have. */
    public int groupMaxSize() {
        return groupMaxSize;
    }

    @Override
    public String toString() {
        return "BrokerConfig(dataDir=" + dataDir + ", topicDefaults=" + topicDefaults.overrides()
                + ", retentionCheckIntervalMs=" + retentionCheckIntervalMs + ")";
    }

    /** Collects and checks the settings. Not thread-safe. */
    public static final class Builder {
        private final Path dataDir;
        private TopicConfig topicDefaults = TopicConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private long retentionCheckIntervalMs = DEFAULT_RETENTION_CHECK_INTERVAL_MS;
        private long flushCheckIntervalMs = DEFAULT_FLUSH_CHECK_INTERVAL_MS;
        private long recoveryPointCheckpointIntervalMs = DEFAULT_RECOVERY_POINT_CHECKPOINT_INTERVAL_MS;
        private int maxPartitionsPerTopic = DEFAULT_MAX_PARTITIONS_PER_TOPIC;
        private long offsetsRetentionMs = DEFAULT_OFFSETS_RETENTION_MS;
        private long offsetsLogCompactionBytes = DEFAULT_OFFSETS_LOG_COMPACTION_BYTES;
        private int groupHeartbeatIntervalMs = DEFAULT_GROUP_HEARTBEAT_INTERVAL_MS;
        private int groupSessionTimeoutMs = DEFAULT_GROUP_SESSION_TIMEOUT_MS;
        private long producerIdExpirationMs = DEFAULT_PRODUCER_ID_EXPIRATION_MS;
        private int groupInitialRebalanceDelayMs = DEFAULT_GROUP_INITIAL_REBALANCE_DELAY_MS;
        private int groupMinSessionTimeoutMs = DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS;
        private int groupMaxSessionTimeoutMs = DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS;
        private int groupMaxSize = DEFAULT_GROUP_MAX_SIZE;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /**
         * Broker-wide defaults for topic settings, by their topic-level names ({@code retention.ms},
         * {@code segment.bytes}, ...).
         *
         * @throws dev.brook.protocol.errors.InvalidConfigurationException for an unknown key or bad value
         */
        public Builder topicDefaults(Map<String, String> defaults) {
            this.topicDefaults = TopicConfig.defaults().with(defaults);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder retentionCheckIntervalMs(long intervalMs) {
            this.retentionCheckIntervalMs = positive("retentionCheckIntervalMs", intervalMs);
            return this;
        }

        public Builder flushCheckIntervalMs(long intervalMs) {
            this.flushCheckIntervalMs = positive("flushCheckIntervalMs", intervalMs);
            return this;
        }

        public Builder recoveryPointCheckpointIntervalMs(long intervalMs) {
            this.recoveryPointCheckpointIntervalMs = positive("recoveryPointCheckpointIntervalMs", intervalMs);
            return this;
        }

        public Builder maxPartitionsPerTopic(int max) {
            this.maxPartitionsPerTopic = (int) positive("maxPartitionsPerTopic", max);
            return this;
        }

        public Builder offsetsRetentionMs(long ms) {
            this.offsetsRetentionMs = positive("offsetsRetentionMs", ms);
            return this;
        }

        public Builder offsetsLogCompactionBytes(long bytes) {
            this.offsetsLogCompactionBytes = positive("offsetsLogCompactionBytes", bytes);
            return this;
        }

        public Builder groupHeartbeatIntervalMs(int ms) {
            this.groupHeartbeatIntervalMs = (int) positive("groupHeartbeatIntervalMs", ms);
            return this;
        }

        public Builder groupSessionTimeoutMs(int ms) {
            this.groupSessionTimeoutMs = (int) positive("groupSessionTimeoutMs", ms);
            return this;
        }

        /** Kafka's {@code producer.id.expiration.ms}; see {@link BrokerConfig#producerIdExpirationMs()}. */
        public Builder producerIdExpirationMs(long ms) {
            this.producerIdExpirationMs = positive("producerIdExpirationMs (producer.id.expiration.ms)", ms);
            return this;
        }

        /** Kafka's {@code group.initial.rebalance.delay.ms}; 0 or more. */
        public Builder groupInitialRebalanceDelayMs(int ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("groupInitialRebalanceDelayMs must not be negative, got " + ms);
            }
            this.groupInitialRebalanceDelayMs = ms;
            return this;
        }

        /** Kafka's {@code group.min.session.timeout.ms}. */
        public Builder groupMinSessionTimeoutMs(int ms) {
            this.groupMinSessionTimeoutMs = (int) positive("groupMinSessionTimeoutMs", ms);
            return this;
        }

        /** Kafka's {@code group.max.session.timeout.ms}. */
        public Builder groupMaxSessionTimeoutMs(int ms) {
            this.groupMaxSessionTimeoutMs = (int) positive("groupMaxSessionTimeoutMs", ms);
            return this;
        }

        /** Kafka's {@code group.max.size}. */
        public Builder groupMaxSize(int max) {
            this.groupMaxSize = (int) positive("groupMaxSize", max);
            return this;
        }

        public BrokerConfig build() {
            if (groupMinSessionTimeoutMs > groupMaxSessionTimeoutMs) {
                throw new IllegalArgumentException("groupMinSessionTimeoutMs (" + groupMinSessionTimeoutMs
                        + ") must not be larger than groupMaxSessionTimeoutMs (" + groupMaxSessionTimeoutMs + ")");
            }
            if (groupSessionTimeoutMs <= groupHeartbeatIntervalMs) {
                throw new IllegalArgumentException("groupSessionTimeoutMs (" + groupSessionTimeoutMs
                        + ") must be larger than groupHeartbeatIntervalMs (" + groupHeartbeatIntervalMs + ")");
            }
            return new BrokerConfig(this);
        }

        private static long positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
