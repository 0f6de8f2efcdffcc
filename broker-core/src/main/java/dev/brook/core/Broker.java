package dev.brook.core;

import dev.brook.core.internal.coordinator.ClassicGroupCoordinator;
import dev.brook.core.internal.coordinator.GroupCoordinator;
import dev.brook.core.internal.coordinator.OffsetStore;
import dev.brook.core.internal.log.PartitionLog;
import dev.brook.core.internal.log.RecoveryPointCheckpoint;
import dev.brook.core.internal.producer.ProducerIdManager;
import dev.brook.core.internal.topic.Topic;
import dev.brook.core.internal.topic.TopicNames;
import dev.brook.core.internal.topic.TopicStore;
import dev.brook.core.internal.util.ClusterId;
import dev.brook.core.internal.util.DataDirectoryLock;
import dev.brook.core.internal.util.FileUtils;
import dev.brook.core.internal.util.Locks;
import dev.brook.core.internal.util.Parallel;
import dev.brook.core.internal.util.RandomIds;
import dev.brook.core.internal.util.Scheduler;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.InvalidPartitionsException;
import dev.brook.protocol.errors.InvalidTopicException;
import dev.brook.protocol.errors.InvalidReplicationFactorException;
import dev.brook.protocol.errors.StorageException;
import dev.brook.protocol.errors.TopicExistsException;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brook's storage engine, embedded: topics of partitioned, segmented logs in one data directory,
 * with retention, durability settings and crash recovery, and no network.
 *
 * <pre>{@code
 * try (Broker broker = Broker.open(BrokerConfig.builder(Path.of("brook-data")).build())) {
 *     broker.createTopic(NewTopic.of("events", 1));
 *     ByteBuffer batch = RecordBatchBuilder.allocate(1024)
 *             .append(System.currentTimeMillis(), null, "hello".getBytes(UTF_8))
 *             .build();
 *     long offset = broker.append("events", 0, batch).baseOffset();
 *     for (Record record : broker.read("events", 0, offset, 1 << 20).records()) {
 *         System.out.println(record.offset() + ": " + UTF_8.decode(record.value()));
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Appends to one partition are serialized (one writer at a time); appends to
 * different partitions, and all reads, run in parallel, and reads never wait for appends. Topic
 * administration is serialized. Only one broker may use a data directory at a time: a second
 * {@link #open} on the same directory fails fast.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private static final String CLEAN_SHUTDOWN_FILE = ".brook_clean_shutdown";
    /** The internal log of committed offsets, named as Kafka names it; no user topic may take the name. */
    public static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final TopicPartition OFFSETS_PARTITION = new TopicPartition(OFFSETS_TOPIC, 0);

    private final BrokerConfig config;
    private final DataDirectoryLock directoryLock;
    private final TopicStore store;
    private final RecoveryPointCheckpoint checkpoint;
    private final Scheduler scheduler;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    /** Topic names by id, for protocols that name topics by id (Kafka's Fetch v13+, Produce v13+). */
    private final Map<UUID, String> topicNamesById = new ConcurrentHashMap<>();
    private final Map<Path, List<PartitionLog>> pendingTopicDeletions = new ConcurrentHashMap<>();
    private final ReentrantLock adminLock = new ReentrantLock();
    /** Serializes writes of the recovery point checkpoint: the periodic one, a topic deletion's, the close's. */
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final List<AppendListener> appendListeners = new CopyOnWriteArrayList<>();
    private final List<FlushListener> flushListeners = new CopyOnWriteArrayList<>();
    private final LongAdder retentionDeletedSegments = new LongAdder();
    private final LongAdder flushCount = new LongAdder();
    private final LongAdder flushTimeNanos = new LongAdder();
    private volatile boolean closed;
    private final String clusterId;
    private PartitionLog offsetsLog;
    private OffsetStore offsets;
    private GroupCoordinator coordinator;
    private ProducerIdManager producerIds;

    private Broker(BrokerConfig config, DataDirectoryLock directoryLock) throws IOException {
        this.config = config;
        this.directoryLock = directoryLock;
        this.store = new TopicStore(config.dataDir());
        this.checkpoint = new RecoveryPointCheckpoint(config.dataDir());
        this.clusterId = ClusterId.loadOrCreate(config.dataDir());
        // Two threads, so that retention and file deletion do not queue behind the fsync of a rolled segment.
        this.scheduler = new Scheduler("brook-background", 2);
    }

    /**
     * Opens (or creates) the data directory, loads every topic and recovers any log that was not
     * shut down cleanly, then starts the background tasks.
     *
     * @throws IllegalStateException if another broker already uses the directory
     * @throws StorageException if the directory cannot be read or written
     */
    public static Broker open(BrokerConfig config) {
        Objects.requireNonNull(config, "config");
        Path dataDir = config.dataDir();
        DataDirectoryLock lock;
        try {
            Files.createDirectories(dataDir);
            lock = DataDirectoryLock.acquire(dataDir);
        } catch (IOException e) {
            throw new StorageException("could not open data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
        Broker broker = null;
        try {
            broker = new Broker(config, lock);
            broker.load();
            broker.startBackgroundTasks();
            return broker;
        } catch (IOException | RuntimeException e) {
            if (broker != null) {
                broker.closeQuietlyAfterFailedOpen();
            } else {
                try {
                    lock.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException) {
                throw new StorageException("could not load data directory " + dataDir.toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    private void load() throws IOException {
        long started = System.nanoTime();
        Path cleanMarker = config.dataDir().resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.exists(cleanMarker);
        Map<TopicPartition, Long> recoveryPoints = checkpoint.read();
        store.purgeAllDeleted();
        int partitions = 0;
        for (TopicStore.StoredTopic stored : store.loadAll()) {
            TopicConfig topicConfig = config.topicDefaults().with(stored.overrides);
            PartitionLog[] logs = new PartitionLog[stored.partitions];
            List<Integer> partitionIds = new ArrayList<>();
            for (int p = 0; p < stored.partitions; p++) {
                partitionIds.add(p);
            }
            try {
                // Loading waits mostly on the disk (and recovery on CRCs): overlap it.
                Parallel.forEach("load", partitionIds, p -> {
                    TopicPartition tp = new TopicPartition(stored.name, p);
                    logs[p] = PartitionLog.open(tp, store.partitionDir(stored.name, p), topicConfig, config.clock(),
                            scheduler, this::fireAppend, recoveryPoints.getOrDefault(tp, 0L), clean,
                            config.producerIdExpirationMs());
                    logs[p].setFlushListener(this::fireFlush);
                });
            } catch (RuntimeException e) {
                for (PartitionLog opened : logs) {
                    if (opened != null) {
                        opened.close();
                    }
                }
                throw e;
            }
            topics.put(stored.name, new Topic(stored.name, stored.id, topicConfig, List.of(logs), new TopicTraffic()));
            topicNamesById.put(stored.id, stored.name);
            partitions += stored.partitions;
        }
        TopicConfig offsetsConfig = config.topicDefaults().with(Map.of(TopicConfig.SEGMENT_BYTES,
                String.valueOf(Math.min(16L * 1024 * 1024, config.offsetsLogCompactionBytes())),
                TopicConfig.RETENTION_MS, "-1", TopicConfig.RETENTION_BYTES, "-1"));
        offsetsLog = PartitionLog.open(OFFSETS_PARTITION, config.dataDir().resolve("internal").resolve(OFFSETS_TOPIC),
                offsetsConfig, config.clock(), scheduler, (tp, end) -> { }, recoveryPoints.getOrDefault(OFFSETS_PARTITION, 0L),
                clean, config.producerIdExpirationMs());
        offsetsLog.setFlushListener(this::fireFlush);
        producerIds = ProducerIdManager.open(config.dataDir(), config.clock(), config.producerIdExpirationMs());
        offsets = new OffsetStore(offsetsLog, config.clock(), config.offsetsLogCompactionBytes());
        coordinator = new GroupCoordinator(offsets, topic -> {
            Topic found = topics.get(topic);
            return found == null ? -1 : found.partitionCount();
        }, config.clock(), config.groupHeartbeatIntervalMs(), config.groupSessionTimeoutMs(),
                new ClassicGroupCoordinator.Settings(config.groupMinSessionTimeoutMs(),
                        config.groupMaxSessionTimeoutMs(), config.groupInitialRebalanceDelayMs(), config.groupMaxSize()),
                // A classic group's deadline (initial delay, rebalance timeout) is met on time, not
                // at the next periodic session check.
                delayMs -> scheduler.schedule("group deadlines", delayMs, () -> coordinator.expireMembers()));
        // From here on the logs will change: a crash must be recognised as unclean at the next start.
        if (clean) {
            Files.delete(cleanMarker);
            FileUtils.syncDirectory(config.dataDir());
        }
        log.info("loaded {} topic(s) with {} partition(s) from {}{} in {} ms", topics.size(), partitions,
                config.dataDir().toAbsolutePath(), partitions == 0 ? "" : clean ? " after a clean shutdown"
                        : " after an unclean shutdown (recovered)", (System.nanoTime() - started) / 1_000_000);
    }

    private void startBackgroundTasks() {
        scheduler.schedulePeriodically("retention", config.retentionCheckIntervalMs(), this::deleteSegmentsPastRetention);
        scheduler.schedulePeriodically("flush", config.flushCheckIntervalMs(), () -> {
            for (PartitionLog partitionLog : allLogs()) {
                partitionLog.flushIfDue();
            }
            offsetsLog.flushIfDue();
        });
        scheduler.schedulePeriodically("recovery-point checkpoint", config.recoveryPointCheckpointIntervalMs(),
                this::writeRecoveryPoints);
        scheduler.schedulePeriodically("offsets expiry", Math.min(600_000L, config.offsetsRetentionMs()),
                this::expireGroupOffsets);
        scheduler.schedulePeriodically("producer expiry", Math.min(600_000L, config.producerIdExpirationMs()),
                this::expireProducers);
        scheduler.schedulePeriodically("group sessions", Math.max(100, config.groupHeartbeatIntervalMs() / 5),
                coordinator::expireMembers);
    }

    /** Registers a listener told after every successful append to any partition. */
    public void addAppendListener(AppendListener listener) {
        appendListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Unregisters a listener added with {@link #addAppendListener}. */
    public void removeAppendListener(AppendListener listener) {
        appendListeners.remove(listener);
    }

    /**
     * Registers a listener told after every flush (fsync) of any partition log, whatever caused
     * it: on the append path ({@code flush.messages}), after a roll, by {@code flush.ms}, or asked for.
     */
    public void addFlushListener(FlushListener listener) {
        flushListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Unregisters a listener added with {@link #addFlushListener}. */
    public void removeFlushListener(FlushListener listener) {
        flushListeners.remove(listener);
    }

    private void fireFlush(FlushListener.Cause cause, long nanos) {
        flushCount.increment();
        flushTimeNanos.add(nanos);
        for (FlushListener listener : flushListeners) {
            try {
                listener.onFlush(cause, nanos);
            } catch (RuntimeException e) {
                log.error("flush listener {} failed", listener, e);
            }
        }
    }

    private void fireAppend(TopicPartition topicPartition, long logEndOffset) {
        for (AppendListener listener : appendListeners) {
            try {
                listener.onAppend(topicPartition, logEndOffset);
            } catch (RuntimeException e) {
                log.error("append listener {} failed for {}", listener, topicPartition, e);
            }
        }
    }

    /**
     * The id of this broker's data, created with the data directory and never changed: a
     * 22-character string in the form of Apache Kafka's cluster ids.
     */
    public String clusterId() {
        return clusterId;
    }

    /** The configuration the broker was opened with. */
    public BrokerConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- topics

    /**
     * Creates a topic and its partitions' logs.
     *
     * @throws dev.brook.protocol.errors.InvalidTopicException if the name breaks Kafka's naming
     *     rules or collides with an existing topic's
     * @throws TopicExistsException if the topic exists
     * @throws InvalidPartitionsException if the partition count is below 1 or above the maximum
     * @throws InvalidReplicationFactorException if the replication factor is not 1 (or -1)
     * @throws dev.brook.protocol.errors.InvalidConfigurationException for an unknown or bad override
     */
    public TopicDescription createTopic(NewTopic newTopic) {
        Objects.requireNonNull(newTopic, "newTopic");
        return Locks.inLock(adminLock, () -> {
            ensureOpen();
            String name = newTopic.name();
            TopicConfig topicConfig = checkNewTopic(newTopic);
            UUID id = RandomIds.uuid();
            List<PartitionLog> logs = new ArrayList<>();
            try {
                for (int p = 0; p < newTopic.partitions(); p++) {
                    logs.add(openLog(name, p, topicConfig));
                }
                // Written last: a topic directory without metadata is an interrupted creation.
                store.write(new TopicStore.StoredTopic(name, id, newTopic.partitions(), topicConfig.overrides()));
            } catch (IOException | RuntimeException e) {
                logs.forEach(PartitionLog::close);
                try {
                    FileUtils.deleteRecursively(store.topicDir(name));
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e instanceof IOException
                        ? new StorageException("could not create topic '" + name + "': " + e.getMessage(), e)
                        : (RuntimeException) e;
            }
            Topic topic = new Topic(name, id, topicConfig, logs, new TopicTraffic());
            topics.put(name, topic);
            topicNamesById.put(id, name);
            log.info("created topic '{}' with {} partition(s){}", name, newTopic.partitions(),
                    topicConfig.overrides().isEmpty() ? "" : " and config " + topicConfig.overrides());
            return describe(topic);
        });
    }

    /**
     * Checks everything {@link #createTopic} checks, and creates nothing: for a create request's
     * "validate only" mode.
     *
     * @throws dev.brook.protocol.errors.BrookException subclasses as {@link #createTopic} does
     */
    public void validateNewTopic(NewTopic newTopic) {
        Objects.requireNonNull(newTopic, "newTopic");
        Locks.inLock(adminLock, () -> {
            ensureOpen();
            checkNewTopic(newTopic);
        });
    }

    private TopicConfig checkNewTopic(NewTopic newTopic) {
        String name = newTopic.name();
        TopicNames.validate(name);
        if (name.equals(OFFSETS_TOPIC)) {
            throw new InvalidTopicException("topic name '" + name + "' is reserved for the broker's committed offsets");
        }
        if (topics.containsKey(name)) {
            throw new TopicExistsException("topic '" + name + "' already exists");
        }
        String collisionKey = TopicNames.collisionKey(name);
        for (String existing : topics.keySet()) {
            if (TopicNames.collisionKey(existing).equals(collisionKey)) {
                throw new InvalidTopicException("topic '" + name + "' collides with existing topic '" + existing
                        + "': names may not differ only in '.' and '_'");
            }
        }
        checkPartitionCount(name, newTopic.partitions());
        short replication = newTopic.replicationFactor();
        if (replication != 1 && replication != NewTopic.DEFAULT_REPLICATION_FACTOR) {
            throw new InvalidReplicationFactorException("replication factor " + replication + " for topic '" + name
                    + "' cannot be met: this is a single-node broker, so it must be 1");
        }
        return config.topicDefaults().with(newTopic.configs());
    }

    private PartitionLog openLog(String topic, int partition, TopicConfig topicConfig) {
        PartitionLog opened = PartitionLog.open(new TopicPartition(topic, partition),
                store.partitionDir(topic, partition), topicConfig, config.clock(), scheduler, this::fireAppend, 0L,
                false, config.producerIdExpirationMs());
        opened.setFlushListener(this::fireFlush);
        return opened;
    }

    private void checkPartitionCount(String topic, int partitions) {
        if (partitions < 1 || partitions > config.maxPartitionsPerTopic()) {
            throw new InvalidPartitionsException("topic '" + topic + "' cannot have " + partitions
                    + " partitions: the count must be between 1 and " + config.maxPartitionsPerTopic());
        }
    }

    /**
     * Deletes a topic. Its data is removed after {@code file.delete.delay.ms}, so that reads in
     * flight finish; a new topic of the same name can be created at once.
     *
     * @throws UnknownTopicOrPartitionException if there is no such topic
     */
    public void deleteTopic(String name) {
        Locks.inLock(adminLock, () -> {
            ensureOpen();
            Topic topic = requireTopic(name);
            // Appends already past the topic lookup must not write into the moved directory.
            topic.partitions().forEach(PartitionLog::markDeleted);
            Path moved;
            try {
                moved = store.moveToDeleted(name, topic.id());
            } catch (IOException e) {
                throw new StorageException("could not delete topic '" + name + "': " + e.getMessage(), e);
            }
            topics.remove(name);
            topicNamesById.remove(topic.id());
            // Now rather than at the next periodic write: a topic created again under this name
            // must not start after a crash from the deleted one's recovery points, which could
            // be past data of its own that was never synced.
            try {
                writeRecoveryPoints();
            } catch (StorageException e) {
                log.warn("deleted topic '{}', but could not rewrite the recovery point checkpoint: {}", name,
                        e.getMessage());
            }
            offsets.deleteTopic(name);
            List<PartitionLog> logs = topic.partitions();
            pendingTopicDeletions.put(moved, logs);
            scheduler.schedule("delete topic " + name, topic.config().fileDeleteDelayMs(), () -> purge(moved));
            log.info("deleted topic '{}'", name);
        });
    }

    private void purge(Path moved) {
        List<PartitionLog> logs = pendingTopicDeletions.remove(moved);
        if (logs == null) {
            return;
        }
        logs.forEach(PartitionLog::closeForDeletion);
        try {
            store.purge(moved);
        } catch (IOException e) {
            log.warn("could not remove deleted topic data {}: {}", moved, e.toString());
        }
    }

    /** The names of all topics, sorted. */
    public List<String> listTopics() {
        ensureOpen();
        List<String> names = new ArrayList<>(topics.keySet());
        names.sort(null);
        return names;
    }

    /** Whether a topic of that name exists. */
    public boolean topicExists(String name) {
        return topics.containsKey(name);
    }

    /** The id of the topic of that name, or null when there is none. */
    public UUID topicId(String name) {
        Topic topic = topics.get(name);
        return topic == null ? null : topic.id();
    }

    /** The name of the topic with that id, or null when there is none. */
    public String topicName(UUID id) {
        return topicNamesById.get(id);
    }

    /** The number of partitions of the topic, or -1 when there is no such topic. */
    public int partitionCount(String name) {
        Topic topic = topics.get(name);
        return topic == null ? -1 : topic.partitionCount();
    }

    /** @throws UnknownTopicOrPartitionException if there is no such topic */
    public TopicDescription describeTopic(String name) {
        ensureOpen();
        return describe(requireTopic(name));
    }

    private TopicDescription describe(Topic topic) {
        List<PartitionDescription> partitions = new ArrayList<>();
        List<PartitionLog> logs = topic.partitions();
        for (int p = 0; p < logs.size(); p++) {
            PartitionLog partitionLog = logs.get(p);
            partitions.add(new PartitionDescription(p, partitionLog.logStartOffset(), partitionLog.logEndOffset(),
                    partitionLog.sizeInBytes(), partitionLog.segmentCount()));
        }
        return new TopicDescription(topic.name(), topic.id(), topic.config(), partitions);
    }

    /**
     * Grows a topic to {@code totalPartitions} partitions. Existing partitions keep their data.
     *
     * @throws InvalidPartitionsException if the count does not grow the topic or exceeds the maximum
     */
    public TopicDescription createPartitions(String name, int totalPartitions) {
        return Locks.inLock(adminLock, () -> {
            ensureOpen();
            Topic topic = requireTopic(name);
            int current = topic.partitionCount();
            if (totalPartitions <= current) {
                throw new InvalidPartitionsException("topic '" + name + "' has " + current
                        + " partitions; the new count must be larger, not " + totalPartitions);
            }
            checkPartitionCount(name, totalPartitions);
            List<PartitionLog> added = new ArrayList<>();
            try {
                for (int p = current; p < totalPartitions; p++) {
                    added.add(openLog(name, p, topic.config()));
                }
                store.write(new TopicStore.StoredTopic(name, topic.id(), totalPartitions, topic.config().overrides()));
            } catch (IOException | RuntimeException e) {
                added.forEach(PartitionLog::close);
                throw e instanceof IOException
                        ? new StorageException("could not add partitions to '" + name + "': " + e.getMessage(), e)
                        : (RuntimeException) e;
            }
            topic.addPartitions(added);
            log.info("topic '{}' grew from {} to {} partitions", name, current, totalPartitions);
            return describe(topic);
        });
    }

    /**
     * Changes a topic's config overrides: sets those in {@code set}, and returns those named in
     * {@code remove} to the broker default. Takes effect for the next append, roll and retention run.
     *
     * @return the topic's new effective config
     * @throws dev.brook.protocol.errors.InvalidConfigurationException for an unknown key or bad
     *     value; nothing is changed then
     */
    public TopicConfig updateTopicConfig(String name, Map<String, String> set, Collection<String> remove) {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(remove, "remove");
        return Locks.inLock(adminLock, () -> {
            ensureOpen();
            Topic topic = requireTopic(name);
            Map<String, String> overrides = new TreeMap<>(topic.config().overrides());
            for (String key : remove) {
                TopicConfig.keyFor(key);
                overrides.remove(key);
            }
            overrides.putAll(set);
            TopicConfig updated = config.topicDefaults().with(overrides);
            try {
                store.write(new TopicStore.StoredTopic(name, topic.id(), topic.partitionCount(), updated.overrides()));
            } catch (IOException e) {
                throw new StorageException("could not store the config of topic '" + name + "': " + e.getMessage(), e);
            }
            topic.updateConfig(updated);
            log.info("topic '{}' config overrides are now {}", name, updated.overrides());
            return updated;
        });
    }

    // ---------------------------------------------------------------- data

    /**
     * Appends one or more record batches (RecordBatch v2, laid end to end) to a partition and
     * returns the offsets assigned. The batches' base offsets, and for {@code LogAppendTime} topics
     * their timestamps, are rewritten in the caller's buffer.
     *
     * <p>Batches with a producer id (from an idempotent producer, see {@link #initProducerId()})
     * are checked against the partition's memory of that producer, as Kafka's broker does; a retry
     * of batches already stored stores nothing and returns a {@link AppendResult#duplicate()
     * duplicate} result with the original offsets. All batches are checked before any is stored:
     * an exception means nothing was stored.
     *
     * @throws UnknownTopicOrPartitionException if the topic or partition does not exist
     * @throws dev.brook.protocol.errors.CorruptRecordException if a batch is damaged or truncated
     * @throws dev.brook.protocol.errors.InvalidRecordException if a batch breaks a rule
     * @throws dev.brook.protocol.errors.RecordTooLargeException if a batch exceeds {@code max.message.bytes}
     * @throws dev.brook.protocol.errors.InvalidProducerEpochException if an idempotent producer's
     *     batch has an epoch older than the partition has seen for its id
     * @throws dev.brook.protocol.errors.OutOfOrderSequenceException if an idempotent producer's
     *     batch does not continue its sequence in the partition
     * @throws StorageException if the data could not be written or synced
     */
    public AppendResult append(String topic, int partition, ByteBuffer records) {
        Topic found = requireOpenTopic(topic);
        int bytes = records.remaining();
        AppendResult result = partitionLog(found, partition).append(records);
        if (!result.duplicate()) {
            found.traffic().appended(bytes, result.recordCount());
        }
        return result;
    }

    /** As {@link #append(String, int, ByteBuffer)}. */
    public AppendResult append(TopicPartition topicPartition, ByteBuffer records) {
        return append(topicPartition.topic(), topicPartition.partition(), records);
    }

    /**
     * Reads whole batches from {@code offset} on, up to {@code maxBytes} but always at least one
     * batch when there is one. Reading at the log end offset returns an empty result.
     *
     * @throws dev.brook.protocol.errors.OffsetOutOfRangeException if the offset is below the log
     *     start or above the log end
     */
    public LogReadResult read(String topic, int partition, long offset, int maxBytes) {
        return read(topic, partition, offset, maxBytes, true);
    }

    private LogReadResult read(String topic, int partition, long offset, int maxBytes, boolean minOneBatch) {
        Topic found = requireOpenTopic(topic);
        LogReadResult result = partitionLog(found, partition).read(offset, maxBytes, minOneBatch);
        found.traffic().read(result.sizeInBytes(), result.recordCount());
        return result;
    }

    /**
     * As {@link #read(TopicPartition, long, int, boolean)}, but not counted in the topic's
     * {@link #traffic}: for a server that may read the same data more than once before it sends
     * it (a fetch waiting for {@code fetch.min.bytes} reads again after each append), and counts
     * what it does send with {@link #countRead}.
     */
    public LogReadResult readUncounted(TopicPartition topicPartition, long offset, int maxBytes, boolean minOneBatch) {
        Topic found = requireOpenTopic(topicPartition.topic());
        return partitionLog(found, topicPartition.partition()).read(offset, maxBytes, minOneBatch);
    }

    /**
     * Counts {@code result}, from {@link #readUncounted}, as read from {@code topic}: its bytes,
     * its records and one read. Nothing is counted if the topic has been deleted meanwhile.
     */
    public void countRead(String topic, LogReadResult result) {
        Topic found = topics.get(topic);
        if (found != null) {
            found.traffic().read(result.sizeInBytes(), result.recordCount());
        }
    }

    /**
     * As {@link #read(String, int, long, int)}, but with {@code minOneBatch} false a first batch
     * larger than {@code maxBytes} is not returned: what a server wants after it has already
     * filled part of a response.
     */
    public LogReadResult read(TopicPartition topicPartition, long offset, int maxBytes, boolean minOneBatch) {
        return read(topicPartition.topic(), topicPartition.partition(), offset, maxBytes, minOneBatch);
    }

    /**
     * What {@code topic} has taken in and handed out since the broker opened: live counters, for
     * a server's metrics.
     *
     * @throws UnknownTopicOrPartitionException if there is no such topic
     */
    public TopicTraffic traffic(String topic) {
        return requireOpenTopic(topic).traffic();
    }

    /** Segments deleted by retention ({@code retention.ms} or {@code retention.bytes}) since the broker opened. */
    public long retentionDeletedSegments() {
        return retentionDeletedSegments.sum();
    }

    /**
     * Flushes (fsyncs) of partition logs made by the broker since it opened, whatever their cause
     * (see {@link FlushListener.Cause}); a flush with nothing new to write is not one.
     */
    public long flushCount() {
        return flushCount.sum();
    }

    /** The time those flushes took, in nanoseconds, added up. */
    public long flushTimeNanos() {
        return flushTimeNanos.sum();
    }

    /** The first offset at or after {@code timestamp}, or -1 when every record is older. */
    /**
     * The partition's largest record timestamp and where it is (Kafka's max-timestamp look-up),
     * or null when the partition holds no timestamped record.
     *
     * @throws UnknownTopicOrPartitionException if there is no such partition
     */
    public TimestampAndOffset maxTimestamp(String topic, int partition) {
        return log(topic, partition).maxTimestamp();
    }

    public long offsetForTimestamp(String topic, int partition, long timestamp) {
        return log(topic, partition).offsetForTimestamp(timestamp);
    }

    /** The first offset still stored in the partition. */
    public long logStartOffset(String topic, int partition) {
        return log(topic, partition).logStartOffset();
    }

    /** The offset the partition's next record will get. */
    public long logEndOffset(String topic, int partition) {
        return log(topic, partition).logEndOffset();
    }

    /** Makes everything appended so far durable (fsync), whatever the flush settings. */
    public void flush() {
        ensureOpen();
        for (PartitionLog partitionLog : allLogs()) {
            partitionLog.flush();
        }
        offsetsLog.flush();
    }

    /**
     * Runs retention now rather than at the next {@code retentionCheckIntervalMs}: deletes closed
     * segments past {@code retention.ms} or beyond {@code retention.bytes}. Returns how many.
     */
    public int deleteSegmentsPastRetention() {
        ensureOpen();
        int deleted = 0;
        for (PartitionLog partitionLog : allLogs()) {
            deleted += partitionLog.deleteSegmentsPastRetention();
        }
        retentionDeletedSegments.add(deleted);
        return deleted;
    }

    // ---------------------------------------------------------------- idempotent producers

    /**
     * Starts an idempotent producer, as Kafka's {@code InitProducerId} without a transactional id:
     * a producer id that this data directory never handed out before (not even before a crash),
     * with epoch 0. The producer stamps both, and a sequence number per partition counting from 0,
     * on its batches; see {@link #append(String, int, ByteBuffer)}.
     *
     * @throws StorageException if the id reservation could not be written
     */
    public ProducerIdAndEpoch initProducerId() {
        ensureOpen();
        return producerIds.newProducer();
    }

    /**
     * Restarts an idempotent producer that holds {@code producerId} and {@code epoch} with a bumped
     * epoch (KIP-360), after which its partitions refuse the old epoch and expect sequence 0: the
     * next epoch, or a new id with epoch 0 when the epoch would pass {@link Short#MAX_VALUE}. A
     * repeat of the same bump gets the same answer. An id this broker no longer knows (handed out
     * before a restart, or idle for {@code producer.id.expiration.ms}) gets a new id with epoch 0;
     * a {@code producerId} of -1 is the same as {@link #initProducerId()}.
     *
     * @throws dev.brook.protocol.errors.ProducerFencedException if {@code epoch} is older than the
     *     id's current one: another instance of the producer has bumped it since
     * @throws dev.brook.protocol.errors.InvalidRequestException if the id is at least 0 but the
     *     epoch negative
     * @throws StorageException if the id reservation could not be written
     */
    public ProducerIdAndEpoch initProducerId(long producerId, short epoch) {
        ensureOpen();
        return producerIds.bumpEpoch(producerId, epoch);
    }

    private void expireProducers() {
        int expired = 0;
        for (PartitionLog partitionLog : allLogs()) {
            expired += partitionLog.expireProducers();
        }
        expired += producerIds.expire();
        if (expired > 0) {
            log.debug("forgot {} idempotent producer entr(ies) idle for producer.id.expiration.ms={}", expired,
                    config.producerIdExpirationMs());
        }
    }

    // ---------------------------------------------------------------- consumer groups

    /** The group coordinator: consumer groups, their members' assignments and committed offsets. */
    public ConsumerGroups groups() {
        ensureOpen();
        return coordinator;
    }

    /**
     * The classic group coordinator: groups of Kafka's JoinGroup/SyncGroup protocol. They share
     * group ids and committed offsets with {@link #groups()}, which also lists and describes them.
     */
    public ClassicGroups classicGroups() {
        ensureOpen();
        return coordinator.classicGroups();
    }

    /**
     * Commits a consumer group's offsets, all or none, as durably as topic data, outside group
     * membership (as an admin tool does): refused while the group has members.
     *
     * @throws IllegalArgumentException for an empty group id
     * @throws UnknownTopicOrPartitionException if a partition does not exist
     * @throws dev.brook.protocol.errors.UnknownMemberIdException if the group has members
     */
    public void commitOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsetsToCommit) {
        ensureOpen();
        requireGroupId(groupId);
        coordinator.commitOffsets(groupId, null, -1, offsetsToCommit);
    }

    /** The group's committed offsets for these partitions; partitions without a commit are absent. */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId, Collection<TopicPartition> partitions) {
        ensureOpen();
        return offsets.committed(requireGroupId(groupId), partitions);
    }

    /** Every committed offset of the group. */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        ensureOpen();
        return offsets.committed(requireGroupId(groupId));
    }

    /** The groups that have committed offsets, sorted. */
    public java.util.Set<String> groupsWithCommittedOffsets() {
        ensureOpen();
        return offsets.groups();
    }

    /** Forgets a group's committed offsets; returns whether it had any. */
    public boolean deleteCommittedOffsets(String groupId) {
        ensureOpen();
        return offsets.deleteGroup(requireGroupId(groupId));
    }

    /**
     * Deletes the offsets of groups without members that have not committed for
     * {@code offsetsRetentionMs}. Returns the groups deleted.
     */
    public List<String> expireGroupOffsets() {
        ensureOpen();
        List<String> expired = offsets.expireGroups(config.offsetsRetentionMs(), coordinator::isEmpty);
        if (!expired.isEmpty()) {
            log.info("expired the committed offsets of group(s) {}", expired);
        }
        return expired;
    }

    private static String requireGroupId(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            throw new IllegalArgumentException("a consumer group id must not be empty");
        }
        return groupId;
    }

    private PartitionLog log(String topic, int partition) {
        return partitionLog(requireOpenTopic(topic), partition);
    }

    private Topic requireOpenTopic(String topic) {
        ensureOpen();
        Topic found = topics.get(Objects.requireNonNull(topic, "topic"));
        if (found == null) {
            throw new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist");
        }
        return found;
    }

    private static PartitionLog partitionLog(Topic found, int partition) {
        String topic = found.name();
        PartitionLog partitionLog = found.partition(partition);
        if (partitionLog == null) {
            throw new UnknownTopicOrPartitionException("topic '" + topic + "' has no partition " + partition
                    + " (it has " + found.partitionCount() + ")");
        }
        return partitionLog;
    }

    private Topic requireTopic(String name) {
        Topic topic = topics.get(Objects.requireNonNull(name, "topic"));
        if (topic == null) {
            throw new UnknownTopicOrPartitionException("topic '" + name + "' does not exist");
        }
        return topic;
    }

    private List<PartitionLog> allLogs() {
        List<PartitionLog> logs = new ArrayList<>();
        for (Topic topic : topics.values()) {
            logs.addAll(topic.partitions());
        }
        return logs;
    }

    private void writeRecoveryPoints() {
        Locks.inLock(checkpointLock, this::writeRecoveryPointsLocked);
    }

    private void writeRecoveryPointsLocked() {
        Map<TopicPartition, Long> points = new HashMap<>();
        if (offsetsLog != null) {
            points.put(OFFSETS_PARTITION, offsetsLog.recoveryPoint());
        }
        for (PartitionLog partitionLog : allLogs()) {
            points.put(partitionLog.topicPartition(), partitionLog.recoveryPoint());
        }
        try {
            checkpoint.write(points);
        } catch (IOException e) {
            throw new StorageException("could not write the recovery point checkpoint: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the broker on " + config.dataDir().toAbsolutePath() + " is closed");
        }
    }

    /**
     * Shuts down cleanly: stops the background tasks, syncs and closes every log, writes the
     * recovery points and a clean-shutdown marker (so the next start skips recovery), and releases
     * the data directory. Idempotent.
     */
    @Override
    public void close() {
        boolean proceed = Locks.inLock(adminLock, () -> {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        });
        if (!proceed) {
            return;
        }
        scheduler.close();
        if (coordinator != null) {
            // Members waiting for a rebalance look for the coordinator again rather than hang.
            coordinator.classicGroups().failWaiting();
        }
        // Each close syncs its log; in parallel the disk can combine the syncs.
        java.util.concurrent.atomic.AtomicBoolean allClean = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<PartitionLog> toClose = allLogs();
        if (offsetsLog != null) {
            toClose.add(offsetsLog);
        }
        Parallel.forEach("close", toClose, partitionLog -> {
            if (!partitionLog.closeCleanly()) {
                allClean.set(false);
            }
        });
        boolean allClosed = allClean.get();
        for (Path moved : new ArrayList<>(pendingTopicDeletions.keySet())) {
            purge(moved);
        }
        try {
            writeRecoveryPoints();
            if (allClosed) {
                Path marker = config.dataDir().resolve(CLEAN_SHUTDOWN_FILE);
                Files.write(marker, new byte[0]);
                FileUtils.syncDirectory(config.dataDir());
            } else {
                log.error("some logs could not be synced at shutdown; the next start will run recovery");
            }
        } catch (IOException | RuntimeException e) {
            allClosed = false;
            log.error("could not record a clean shutdown of {}; the next start will run recovery",
                    config.dataDir().toAbsolutePath(), e);
        }
        try {
            directoryLock.close();
        } catch (IOException e) {
            log.warn("could not release the lock on {}: {}", config.dataDir().toAbsolutePath(), e.toString());
        }
        log.info("broker on {} closed{}", config.dataDir().toAbsolutePath(), allClosed ? " cleanly" : "");
    }

    private void closeQuietlyAfterFailedOpen() {
        closed = true;
        scheduler.close();
        List<PartitionLog> opened = allLogs();
        if (offsetsLog != null) {
            opened.add(offsetsLog);
        }
        for (PartitionLog partitionLog : opened) {
            try {
                partitionLog.close();
            } catch (RuntimeException e) {
                log.debug("closing {} after a failed open", partitionLog, e);
            }
        }
        try {
            directoryLock.close();
        } catch (IOException e) {
            log.debug("releasing the directory lock after a failed open", e);
        }
    }
}
