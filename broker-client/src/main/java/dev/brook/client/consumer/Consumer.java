package dev.brook.client.consumer;

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
 * <p><b>Positions.</b> Partitions are {@linkplain #assign assigned} by the application (group
 * membership with {@code subscribe} arrives with consumer groups). Each assigned partition has a
 * position, the offset of the next record {@link #poll} returns for it. A newly assigned
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
    private final Fetcher<K, V> fetcher;
    /** Set by {@link #close}; read and written only inside {@link #guard}. */
    private boolean closed;

    private Consumer(ConsumerConfig<K, V> config) {
        this.config = config;
        this.subscriptions = new SubscriptionState(config.autoOffsetReset());
        this.network = new ConsumerNetwork(config, waiter);
        this.offsets = new OffsetLookup(network);
        this.resetter = new PositionResetter(subscriptions, offsets, network);
        this.fetcher = new Fetcher<>(config, subscriptions, network);
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

    /** Reads nothing from now on, dropping buffered data. */
    public void unsubscribe() {
        guard.run(() -> {
            ensureOpen();
            subscriptions.unsubscribe();
            fetcher.clear();
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
     * @throws IllegalStateException if no partition is assigned, or the consumer is closed
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
            if (subscriptions.isEmpty()) {
                throw new IllegalStateException("the consumer has no partitions to poll: assign(...) some first");
            }
            long deadline = System.nanoTime() + timeoutNanos;
            resetter.throwPendingError(); // an error the previous poll held back while it returned records
            while (true) {
                waiter.checkWakeup();
                long seen = waiter.generation();
                long now = System.nanoTime();
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
                waiter.await(seen, earliest(deadline, fetcher.retryAtNanos(), resetter.retryAtNanos()));
            }
            network.throwIfUnreachable(System.nanoTime(), config.defaultApiTimeoutMs());
            return ConsumerRecords.empty();
        });
    }

    /** Applies reset answers, chooses resets for partitions without a position, and asks for offsets. */
    private void updatePositions(long now) {
        resetter.processCompleted(now);
        // With consumer groups, partitions without a position first get the group's committed offset here.
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

    // ---------------------------------------------------------------- closing

    /** {@link #close(Duration)} with {@link ConsumerConfig#defaultApiTimeoutMs()}. */
    @Override
    public void close() {
        close(Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /**
     * Closes the connections and drops buffered data; later calls other than {@code close} fail
     * with {@link IllegalStateException}. Idempotent. Nothing needs finishing yet (no group to
     * leave, no offsets to commit), so this returns once the network threads stop, within a
     * couple of seconds; {@code timeout} will bound what consumer groups add.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void close(Duration timeout) {
        nanos(timeout, "timeout");
        guard.run(() -> {
            if (closed) {
                return;
            }
            closed = true;
            try {
                fetcher.clear();
                subscriptions.unsubscribe();
            } finally {
                network.close();
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
