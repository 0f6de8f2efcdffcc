package dev.brook.client.consumer;

import dev.brook.client.InterruptException;
import dev.brook.client.consumer.internal.ConsumerCoordinator;
import dev.brook.client.consumer.internal.ConsumerMetrics;
import dev.brook.client.consumer.internal.ConsumerNetwork;
import dev.brook.client.consumer.internal.Fetcher;
import dev.brook.client.consumer.internal.OffsetLookup;
import dev.brook.client.consumer.internal.PositionResetter;
import dev.brook.client.consumer.internal.SubscriptionState;
import dev.brook.client.consumer.internal.ThreadGuard;
import dev.brook.client.consumer.internal.Waiter;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.NetworkException;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.wire.ListOffsetsRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads records from a Brook broker, in the manner of Kafka's {@code KafkaConsumer}.
 *
 * <pre>{@code
 * ConsumerConfig<String, String> config = ConsumerConfig
 *         .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
 *         .bootstrapServer("127.0.0.1:7092")
 *         .autoOffsetReset(AutoOffsetReset.EARLIEST)
 *         .build();
 * try (Consumer<String, String> consumer = Consumer.create(config)) {
 *     consumer.assign(List.of(new TopicPartition("events", 0), new TopicPartition("events", 1)));
 *     while (running) {
 *         for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
 *             System.out.println(record.partition() + "@" + record.offset() + ": " + record.value());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Groups.</b> With a {@link ConsumerConfig#groupId()}, a consumer may
 * {@linkplain #subscribe(Collection, ConsumerRebalanceListener) subscribe} to topics instead: the
 * broker spreads their partitions over the group's members and moves them as members come and
 * go, each partition read by one member at a time. Positions are committed to the group
 * ({@link #commitSync()}, {@link #commitAsync()}, or automatically with
 * {@link ConsumerConfig#enableAutoCommit()}), and a partition that arrives starts at the group's
 * committed offset. An application may also {@linkplain #assign assign} partitions itself, and
 * then commits without being a member.
 *
 * <p><b>Positions.</b> Each assigned partition has a position, the offset of the next record {@link #poll} returns for it. A newly assigned
 * partition's position is found by {@link ConsumerConfig#autoOffsetReset()}, at the next
 * {@code poll} or {@link #position}; {@link #seek}, {@link #seekToBeginning} and
 * {@link #seekToEnd} move it. A position that the log no longer holds (retention removed it) or
 * not yet holds is reset the same way, or reported as an {@link OffsetOutOfRangeException} under
 * {@link AutoOffsetReset#NONE}.
 *
 * <p><b>Fetching ahead.</b> The consumer keeps one fetch in flight for every assigned, unpaused
 * partition with a position, and buffers what comes back (up to
 * {@link ConsumerConfig#fetchMaxBytes()}), so that {@code poll} usually finds records waiting and
 * does not wait for the network. The broker holds a fetch until data arrives (up to
 * {@link ConsumerConfig#fetchMaxWaitMs()}), so a waiting {@code poll} returns as soon as a record
 * is appended.
 *
 * <p><b>Errors.</b> Broker errors arrive as {@link BrookException} subclasses carrying the
 * broker's error code and a message naming the partition, offset or address involved, for example
 * {@code UnknownTopicOrPartitionException} for a partition that does not exist (reported at once,
 * not retried), {@code CorruptRecordException} for a batch that fails its checksum. Retriable
 * failures, such as a lost connection, are retried after {@link ConsumerConfig#retryBackoffMs()}
 * without the application doing anything; connections are re-opened, so a restarted broker needs
 * nothing from the application. A broker that has never been reached (a wrong address, a broker
 * not running) is reported by {@code poll} as a {@link NetworkException} naming the address once
 * the poll's time is up; one that was reached and is away for longer than
 * {@link ConsumerConfig#defaultApiTimeoutMs()} likewise. {@code NetworkException} is retriable:
 * polling again keeps trying.
 *
 * <p><b>Time limits.</b> Every blocking call has one: {@code poll} its argument, the others
 * an optional {@link Duration} or {@link ConsumerConfig#defaultApiTimeoutMs()}; they throw
 * {@link TimeoutException} (naming what was being looked up and the last failure) when it is up.
 *
 * <p><b>Threads.</b> Not thread-safe: use a consumer from one thread at a time. A call made while
 * another thread is inside the consumer fails with {@link java.util.ConcurrentModificationException}.
 * The one exception is {@link #wakeup()}, which any thread may call to make the polling thread's
 * current or next blocking call throw {@link WakeupException}, for example to shut down.
 */
public final class Consumer<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Consumer.class);
    /** The longest time limit honoured, so that deadlines do not overflow: about 73 years. */
    private static final long MAX_TIMEOUT_NANOS = Long.MAX_VALUE / 4;

    private final ConsumerConfig<K, V> config;
    private final Waiter waiter = new Waiter();
    private final ThreadGuard guard = new ThreadGuard();
    private final SubscriptionState subscriptions;
    private final ConsumerNetwork network;
    private final OffsetLookup offsets;
    private final PositionResetter resetter;
    private final ConsumerMetrics metrics;
    private final Fetcher<K, V> fetcher;
    private final ConsumerCoordinator coordinator;
    /** Set by {@link #close}; read and written only inside {@link #guard}. */
    private boolean closed;

    private Consumer(ConsumerConfig<K, V> config) {
        this.config = config;
        this.subscriptions = new SubscriptionState(config.autoOffsetReset());
        this.network = new ConsumerNetwork(config, waiter);
        this.offsets = new OffsetLookup(network);
        this.resetter = new PositionResetter(subscriptions, offsets, network);
        this.metrics = ConsumerMetrics.of(config.meterRegistry(), config.clientId());
        this.fetcher = new Fetcher<>(config, subscriptions, network, metrics);
        this.coordinator = new ConsumerCoordinator(config, subscriptions, network, fetcher);
    }

    /** A consumer with these settings. It connects on first use. */
    public static <K, V> Consumer<K, V> create(ConsumerConfig<K, V> config) {
        return new Consumer<>(Objects.requireNonNull(config, "config"));
    }

    // ---------------------------------------------------------------- assignment

    /**
     * Reads exactly these partitions from now on. Partitions that stay assigned keep their
     * position; new ones get one by {@code auto.offset.reset}; data buffered for partitions no
     * longer assigned is dropped. An empty collection is {@link #unsubscribe()}.
     *
     * @throws IllegalArgumentException if the collection or one of its elements is null
     */
    public void assign(Collection<TopicPartition> partitions) {
        Set<TopicPartition> set = copyOf(partitions, "partitions to assign");
        guard.run(() -> {
            ensureOpen();
            Set<TopicPartition> removed = subscriptions.assignFromUser(set);
            fetcher.discard(removed);
            log.info("assigned partitions {}", set);
        });
    }

    /** {@link #subscribe(Collection, ConsumerRebalanceListener)} without a listener. */
    public void subscribe(Collection<String> topics) {
        subscribe(topics, ConsumerRebalanceListener.NONE);
    }

    /**
     * Joins the consumer group ({@link ConsumerConfig#groupId()}) to read these topics: the broker
     * assigns their partitions among the group's members, and moves them as members come and go.
     * The assignment arrives, and changes, inside {@link #poll}, which calls {@code listener} on the
     * polling thread: {@code onPartitionsRevoked} before partitions are given up (with auto-commit,
     * their positions are committed first) and {@code onPartitionsAssigned} after new ones arrive,
     * which start at the group's committed offset, else by {@code auto.offset.reset}. Heartbeats go
     * out in the background; a consumer that does not poll for {@link ConsumerConfig#maxPollIntervalMs()}
     * leaves the group and rejoins at its next poll. Subscribing again replaces the topics and
     * the listener.
     *
     * @throws IllegalArgumentException if the collection is empty or holds a null or empty name
     * @throws IllegalStateException if the config has no group id, or partitions were {@linkplain #assign assigned}
     */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("topics to subscribe to must not be null or empty; use unsubscribe()"
                    + " to stop reading");
        }
        Set<String> set = new TreeSet<>();
        for (String topic : topics) {
            if (topic == null || topic.isEmpty()) {
                throw new IllegalArgumentException("topics to subscribe to must not include a null or empty name: "
                        + topics);
            }
            set.add(topic);
        }
        guard.run(() -> {
            ensureOpen();
            coordinator.subscribe(set, listener);
            log.info("subscribed to {} in group {}", set, config.groupId().orElseThrow());
        });
    }

    /** The subscribed topics; empty unless {@link #subscribe subscribed}. */
    public Set<String> subscription() {
        return guard.run(() -> {
            ensureOpen();
            return subscriptions.subscription();
        });
    }

    /**
     * Reads nothing from now on, dropping buffered data. A subscribed consumer leaves its group:
     * with auto-commit it commits its positions, tells the listener its partitions are revoked,
     * and sends the broker a leave heartbeat (waiting up to {@link ConsumerConfig#defaultApiTimeoutMs()}).
     */
    public void unsubscribe() {
        guard.run(() -> {
            ensureOpen();
            try {
                if (subscriptions.type() == SubscriptionState.Type.AUTO_TOPICS) {
                    coordinator.commitOnClose(config.defaultApiTimeoutMs());
                    coordinator.leave(config.defaultApiTimeoutMs());
                }
            } finally {
                subscriptions.unsubscribe();
                fetcher.clear();
            }
        });
    }

    /** The partitions assigned, in no particular order; a copy. */
    public Set<TopicPartition> assignment() {
        return guard.run(() -> {
            ensureOpen();
            return subscriptions.assignedPartitions();
        });
    }

    // ---------------------------------------------------------------- polling

    /**
     * Returns the records that are ready, up to {@link ConsumerConfig#maxPollRecords()}, waiting up
     * to {@code timeout} for some if none are; in offset order within each partition. Positions
     * move past the records returned. Then it sends the next fetch, so that the following call
     * finds records ready.
     *
     * @param timeout how long to wait for records; zero returns at once with what is buffered
     * @return the records, empty if none came in time
     * @throws IllegalStateException if the consumer neither subscribed nor was assigned partitions, or is closed
     * @throws RuntimeException what a {@link ConsumerRebalanceListener} threw, after the rebalance step
     *     it was told of is complete
     * @throws WakeupException if {@link #wakeup()} was called before or during the poll
     * @throws NoOffsetForPartitionException if a partition has no position under {@link AutoOffsetReset#NONE}
     * @throws OffsetOutOfRangeException if a position is out of range under {@link AutoOffsetReset#NONE}
     * @throws dev.brook.protocol.errors.UnknownTopicOrPartitionException if an assigned partition does not exist
     * @throws dev.brook.protocol.errors.CorruptRecordException if a fetched batch fails its checksum;
     *     thrown until the partition is sought past it
     * @throws RecordDeserializationException if a deserializer fails; thrown until the partition is sought past it
     * @throws NetworkException naming the address if the broker cannot be reached (see the class comment)
     * @throws InterruptException if the thread is interrupted while waiting
     */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        long timeoutNanos = nanos(timeout, "timeout");
        return guard.run(() -> {
            ensureOpen();
            if (subscriptions.type() == SubscriptionState.Type.NONE) {
                throw new IllegalStateException("the consumer has no partitions to poll: subscribe(...) to topics"
                        + " or assign(...) partitions first");
            }
            long deadline = System.nanoTime() + timeoutNanos;
            resetter.throwPendingError(); // an error the previous poll held back while it returned records
            while (true) {
                waiter.checkWakeup();
                long seen = waiter.generation();
                long now = System.nanoTime();
                coordinator.poll(now);
                fetcher.processCompleted(now);
                updatePositions(now);
                ConsumerRecords<K, V> records = fetcher.collect(config.maxPollRecords());
                fetcher.sendIfPossible(System.nanoTime());
                if (!records.isEmpty()) {
                    return records;
                }
                resetter.throwPendingError();
                if (now - deadline >= 0) {
                    break;
                }
                waiter.await(seen, earliest(deadline, fetcher.retryAtNanos(), resetter.retryAtNanos(),
                        coordinator.nextAutoCommitNanos()));
            }
            network.throwIfUnreachable(System.nanoTime(), config.defaultApiTimeoutMs());
            return ConsumerRecords.empty();
        });
    }

    /** Applies reset answers, chooses resets for partitions without a position, and asks for offsets. */
    private void updatePositions(long now) {
        resetter.processCompleted(now);
        // Partitions the group assigned got its committed offset when they arrived (ConsumerCoordinator).
        subscriptions.resetInitializingPositions();
        resetter.sendIfNeeded(now);
    }

    /**
     * Makes the current blocking call of the thread using this consumer, or its next one, throw
     * {@link WakeupException}. Safe to call from any thread, and the only method that is.
     */
    public void wakeup() {
        waiter.wakeup();
    }

    // ---------------------------------------------------------------- positions

    /** {@link #position(TopicPartition, Duration)} within {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    public long position(TopicPartition partition) {
        return position(partition, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * The offset of the next record {@code poll} returns for an assigned partition, looking it up
     * by {@code auto.offset.reset} if it is not known yet.
     *
     * @throws IllegalStateException if the partition is not assigned
     * @throws NoOffsetForPartitionException if it has no position under {@link AutoOffsetReset#NONE}
     * @throws TimeoutException if the position cannot be found within {@code timeout}
     * @throws WakeupException if {@link #wakeup()} was called
     */
    public long position(TopicPartition partition, Duration timeout) {
        Objects.requireNonNull(partition, "partition");
        long timeoutNanos = nanos(timeout, "timeout");
        return guard.run(() -> {
            ensureOpen();
            subscriptions.ensureAssigned(List.of(partition));
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                waiter.checkWakeup();
                long seen = waiter.generation();
                long now = System.nanoTime();
                updatePositions(now);
                Long position = subscriptions.position(partition);
                if (position != null) {
                    return position;
                }
                resetter.throwPendingError();
                if (now - deadline >= 0) {
                    throw new TimeoutException("the position of " + partition + " could not be found at the broker at "
                            + network.address() + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                waiter.await(seen, earliest(deadline, resetter.retryAtNanos()));
            }
        });
    }

    /**
     * Moves an assigned partition's position: the next {@code poll} returns records from
     * {@code offset} on. Data buffered for the partition is dropped. An offset the log does not
     * hold is handled by {@code auto.offset.reset} at the next fetch.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws IllegalStateException if the partition is not assigned
     */
    public void seek(TopicPartition partition, long offset) {
        Objects.requireNonNull(partition, "partition");
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must not be negative, got " + offset + " for " + partition);
        }
        guard.run(() -> {
            ensureOpen();
            subscriptions.seek(partition, offset);
            fetcher.discard(List.of(partition));
        });
    }

    /**
     * Moves the positions to the first offset each log holds, looked up at the next {@code poll}
     * or {@link #position}. An empty collection means every assigned partition.
     *
     * @throws IllegalStateException if a partition is not assigned
     */
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        seekTo(partitions, AutoOffsetReset.EARLIEST);
    }

    /**
     * Moves the positions to the end of each log, so that only records appended later are read;
     * looked up at the next {@code poll} or {@link #position}. An empty collection means every
     * assigned partition.
     *
     * @throws IllegalStateException if a partition is not assigned
     */
    public void seekToEnd(Collection<TopicPartition> partitions) {
        seekTo(partitions, AutoOffsetReset.LATEST);
    }

    private void seekTo(Collection<TopicPartition> partitions, AutoOffsetReset strategy) {
        Set<TopicPartition> set = copyOf(partitions, "partitions to seek");
        guard.run(() -> {
            ensureOpen();
            Set<TopicPartition> targets = set.isEmpty() ? subscriptions.assignedPartitions() : set;
            subscriptions.ensureAssigned(targets);
            targets.forEach(partition -> subscriptions.requestReset(partition, strategy));
            fetcher.discard(targets);
        });
    }

    // ---------------------------------------------------------------- pausing

    /**
     * Stops fetching these assigned partitions: {@code poll} returns nothing for them until they
     * are {@linkplain #resume resumed}, and data buffered for them is dropped. Positions stay.
     *
     * @throws IllegalStateException if a partition is not assigned
     */
    public void pause(Collection<TopicPartition> partitions) {
        Set<TopicPartition> set = copyOf(partitions, "partitions to pause");
        guard.run(() -> {
            ensureOpen();
            subscriptions.ensureAssigned(set);
            set.forEach(subscriptions::pause);
            fetcher.discard(set);
        });
    }

    /**
     * Fetches paused partitions again, from their positions.
     *
     * @throws IllegalStateException if a partition is not assigned
     */
    public void resume(Collection<TopicPartition> partitions) {
        Set<TopicPartition> set = copyOf(partitions, "partitions to resume");
        guard.run(() -> {
            ensureOpen();
            subscriptions.ensureAssigned(set);
            set.forEach(subscriptions::resume);
            fetcher.discard(set);
        });
    }

    /** The paused partitions; a copy. */
    public Set<TopicPartition> paused() {
        return guard.run(() -> {
            ensureOpen();
            return subscriptions.pausedPartitions();
        });
    }

    // ---------------------------------------------------------------- offset look-ups

    /** {@link #beginningOffsets(Collection, Duration)} within {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return beginningOffsets(partitions, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * The first offset each log still holds. The partitions need not be assigned.
     *
     * @throws dev.brook.protocol.errors.UnknownTopicOrPartitionException if a partition does not exist
     * @throws TimeoutException if the broker does not answer within {@code timeout}
     */
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return listOffsets(partitions, ListOffsetsRequest.EARLIEST, timeout, "the beginning offsets");
    }

    /** {@link #endOffsets(Collection, Duration)} within {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return endOffsets(partitions, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * The end of each log: the offset the next appended record will get. The partitions need not
     * be assigned.
     *
     * @throws dev.brook.protocol.errors.UnknownTopicOrPartitionException if a partition does not exist
     * @throws TimeoutException if the broker does not answer within {@code timeout}
     */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return listOffsets(partitions, ListOffsetsRequest.LATEST, timeout, "the end offsets");
    }

    private Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions, long spec, Duration timeout,
            String what) {
        Set<TopicPartition> set = copyOf(partitions, "partitions");
        long timeoutMs = millis(timeout);
        return guard.run(() -> {
            ensureOpen();
            if (set.isEmpty()) {
                return Map.of();
            }
            Map<TopicPartition, Long> specs = new LinkedHashMap<>();
            set.forEach(partition -> specs.put(partition, spec));
            return network.call(() -> offsets.listOffsetsOrFail(specs), timeoutMs, what + " of " + set);
        });
    }

    /** {@link #offsetsForTimes(Map, Duration)} within {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        return offsetsForTimes(timestamps, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * For each partition, the first record whose timestamp is at or after the given time (ms since
     * the epoch): its offset and its own timestamp; null where every record is older. The
     * partitions need not be assigned.
     *
     * @throws IllegalArgumentException if a timestamp is negative or null
     * @throws dev.brook.protocol.errors.UnknownTopicOrPartitionException if a partition does not exist
     * @throws TimeoutException if the broker does not answer within {@code timeout}
     */
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps,
            Duration timeout) {
        if (timestamps == null) {
            throw new IllegalArgumentException("timestamps must not be null");
        }
        Map<TopicPartition, Long> specs = new LinkedHashMap<>();
        timestamps.forEach((partition, timestamp) -> {
            if (partition == null || timestamp == null || timestamp < 0) {
                throw new IllegalArgumentException("the time to look up for partition " + partition
                        + " must be a non-negative number of ms since the epoch, got " + timestamp);
            }
            specs.put(partition, timestamp);
        });
        long timeoutMs = millis(timeout);
        return guard.run(() -> {
            ensureOpen();
            if (specs.isEmpty()) {
                return Map.of();
            }
            return network.call(() -> offsets.offsetsForTimes(specs), timeoutMs, "the offsets for times " + specs);
        });
    }

    // ---------------------------------------------------------------- committing

    /** {@link #commitSync(Duration)} within {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    public void commitSync() {
        commitSync(Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * Commits the positions of every assigned partition for the group, and waits: the group
     * resumes from here after a restart or when a partition moves to another member.
     *
     * @throws IllegalStateException if the config has no group id
     * @throws CommitFailedException if this consumer is no longer the group member that owns the
     *     partitions (it was removed or fenced); it rejoins at the next poll
     * @throws TimeoutException if the commit does not succeed within {@code timeout}
     * @throws WakeupException if {@link #wakeup()} was called
     */
    public void commitSync(Duration timeout) {
        long timeoutMs = millis(timeout);
        guard.run(() -> {
            ensureOpen();
            coordinator.requireGroup("commitSync()");
            coordinator.commitSync(coordinator.positions(subscriptions.assignedPartitions()), timeoutMs);
        });
    }

    /** {@link #commitSync(Map, Duration)} within {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * Commits these offsets (each the offset of the next record to read) for the group, and waits.
     * The partitions need not be assigned.
     *
     * @throws IllegalArgumentException if the map or one of its entries is null
     * @throws CommitFailedException as {@link #commitSync(Duration)}
     * @throws dev.brook.protocol.errors.UnknownTopicOrPartitionException if a partition does not exist
     * @throws TimeoutException if the commit does not succeed within {@code timeout}
     */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> copy = copyOffsets(offsets);
        long timeoutMs = millis(timeout);
        guard.run(() -> {
            ensureOpen();
            coordinator.commitSync(copy, timeoutMs);
        });
    }

    /** {@link #commitAsync(OffsetCommitCallback)} whose failures are only logged. */
    public void commitAsync() {
        commitAsync((offsets, exception) -> {
            if (exception != null) {
                log.warn("asynchronous commit of {} failed: {}", offsets, exception.getMessage());
            }
        });
    }

    /**
     * Commits the positions of every assigned partition without waiting; {@code callback} is told
     * the outcome on the polling thread, inside a later {@code poll}, {@code commitSync} or
     * {@code close}.
     *
     * @throws IllegalStateException if the config has no group id
     */
    public void commitAsync(OffsetCommitCallback callback) {
        Objects.requireNonNull(callback, "callback");
        guard.run(() -> {
            ensureOpen();
            coordinator.commitAsync(coordinator.positions(subscriptions.assignedPartitions()), callback);
        });
    }

    /** Commits these offsets without waiting; see {@link #commitAsync(OffsetCommitCallback)}. */
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        Objects.requireNonNull(callback, "callback");
        Map<TopicPartition, OffsetAndMetadata> copy = copyOffsets(offsets);
        guard.run(() -> {
            ensureOpen();
            coordinator.commitAsync(copy, callback);
        });
    }

    /** {@link #committed(Set, Duration)} within {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * The group's committed offsets of these partitions, which need not be assigned; a partition
     * without one maps to null.
     *
     * @throws IllegalStateException if the config has no group id
     * @throws TimeoutException if the broker does not answer within {@code timeout}
     */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        Set<TopicPartition> set = copyOf(partitions, "partitions");
        long timeoutMs = millis(timeout);
        return guard.run(() -> {
            ensureOpen();
            if (set.isEmpty()) {
                coordinator.requireGroup("committed(...)");
                return Map.of();
            }
            return coordinator.committed(set, timeoutMs);
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> copyOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets == null) {
            throw new IllegalArgumentException("offsets to commit must not be null");
        }
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> {
            if (partition == null || offset == null) {
                throw new IllegalArgumentException("offsets to commit must not hold a null partition or offset: "
                        + offsets);
            }
            copy.put(partition, offset);
        });
        return copy;
    }

    /** For tests: stops heartbeats without leaving the group, as a consumer that hangs or whose process dies. */
    void stopHeartbeatsForTesting() {
        guard.run(coordinator::stopHeartbeats);
    }

    // ---------------------------------------------------------------- closing

    /** {@link #close(Duration)} with {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    @Override
    public void close() {
        close(Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * Closes the consumer: with auto-commit, commits the assigned partitions' positions; a
     * subscribed consumer tells its listener its partitions are revoked and leaves its group (so
     * they move to other members at once, not after the session timeout); then the connections
     * close and buffered data is dropped. The commit and the leave each wait at most
     * {@code timeout}. A {@link #wakeup()} pending or arriving meanwhile is ignored. Later calls
     * other than {@code close} fail with {@link IllegalStateException}. Idempotent.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void close(Duration timeout) {
        nanos(timeout, "timeout");
        guard.run(() -> {
            if (closed) {
                return;
            }
            long timeoutMs = millis(timeout);
            waiter.disableWakeups();
            try { // the listener may still use the consumer while it is told of the revocation
                if (config.groupId().isPresent()) {
                    coordinator.commitOnClose(timeoutMs);
                    coordinator.leave(timeoutMs);
                }
            } finally {
                closed = true;
                try {
                    coordinator.close();
                    fetcher.clear();
                    subscriptions.unsubscribe();
                } finally {
                    network.close();
                    metrics.close();
                }
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the consumer is closed");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Set<TopicPartition> copyOf(Collection<TopicPartition> partitions, String what) {
        if (partitions == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        Set<TopicPartition> set = new LinkedHashSet<>();
        for (TopicPartition partition : partitions) {
            if (partition == null || partition.topic().isEmpty()) {
                throw new IllegalArgumentException(what + " must not include a null or nameless partition: "
                        + partitions);
            }
            set.add(partition);
        }
        return set;
    }

    private static long nanos(Duration timeout, String what) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive, got " + timeout);
        }
        try {
            return Math.min(timeout.toNanos(), MAX_TIMEOUT_NANOS);
        } catch (ArithmeticException tooLong) {
            return MAX_TIMEOUT_NANOS;
        }
    }

    private static long millis(Duration timeout) {
        return TimeUnit.NANOSECONDS.toMillis(nanos(timeout, "timeout"));
    }

    /** The earliest of a deadline and retry times ({@link Long#MAX_VALUE} for none), in {@link System#nanoTime()} terms. */
    private static long earliest(long deadline, long... retryTimes) {
        long earliest = deadline;
        for (long time : retryTimes) {
            if (time != Long.MAX_VALUE && time - earliest < 0) {
                earliest = time;
            }
        }
        return earliest;
    }
}
