package dev.brook.server.metrics;

import dev.brook.core.Broker;
import dev.brook.core.FlushListener;
import dev.brook.core.OffsetAndMetadata;
import dev.brook.core.PartitionDescription;
import dev.brook.core.TopicDescription;
import dev.brook.core.TopicTraffic;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.UnknownTopicOrPartitionException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes what the storage engine counts. Broker-wide counters (retention deletions) are
 * registered once and read live; each flush is recorded as the broker tells of it (a
 * {@link FlushListener}, until {@link #close()}). Topics, partitions and groups come and go, so their meters are
 * brought up to date by {@link #refresh()}: the server calls it before each Prometheus scrape and
 * every few seconds for JMX. A refresh registers the traffic counters of new topics, removes those
 * of deleted ones, and takes a snapshot of every partition's log (size, segments, start and end
 * offsets) and of every group's lag (end offset minus committed offset, never negative).
 *
 * <p>Thread-safe: {@link #refresh()} is synchronized; the meters it registers read thread-safe
 * counters.
 */
public final class BrokerMetrics {
    private final Broker broker;
    private final MeterRegistry registry;
    private final Map<String, TopicMeters> topics = new HashMap<>();
    private final MultiGauge partitions;
    private final MultiGauge logSize;
    private final MultiGauge segments;
    private final MultiGauge startOffset;
    private final MultiGauge endOffset;
    private final MultiGauge lag;
    private final Map<FlushListener.Cause, Timer> flushTimers = new EnumMap<>(FlushListener.Cause.class);
    /** Told by whichever thread flushed, the appending one included: a map read and a timer record. */
    private final FlushListener flushListener = this::flushed;

    public BrokerMetrics(Broker broker, MeterRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        FunctionCounter.builder("brook.retention.deleted.segments", broker, Broker::retentionDeletedSegments)
                .description("Log segments deleted by retention (retention.ms or retention.bytes)")
                .register(registry);
        for (FlushListener.Cause cause : FlushListener.Cause.values()) {
            flushTimers.put(cause, Timer.builder("brook.log.flush")
                    .description("Flushes (fsync) of partition logs and the time they took, by cause: on the append "
                            + "path (flush.messages), after a roll, by flush.ms, or asked for")
                    .tag("cause", cause.name().toLowerCase(Locale.ROOT))
                    .publishPercentiles(MeasuredProtocol.PERCENTILES)
                    .distributionStatisticExpiry(Duration.ofMinutes(1))
                    .register(registry));
        }
        broker.addFlushListener(flushListener);
        partitions = MultiGauge.builder("brook.topic.partitions").description("Partitions of the topic")
                .register(registry);
        logSize = MultiGauge.builder("brook.partition.log.size").baseUnit("bytes")
                .description("Bytes stored in the partition's segments").register(registry);
        segments = MultiGauge.builder("brook.partition.segments").description("Segments of the partition's log")
                .register(registry);
        startOffset = MultiGauge.builder("brook.partition.log.start.offset")
                .description("The first offset still stored in the partition").register(registry);
        endOffset = MultiGauge.builder("brook.partition.log.end.offset")
                .description("The offset the partition's next record will get").register(registry);
        lag = MultiGauge.builder("brook.group.lag")
                .description("Records a consumer group has yet to consume: log end offset minus committed offset")
                .register(registry);
        refresh();
    }

    private void flushed(FlushListener.Cause cause, long nanos) {
        flushTimers.get(cause).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops listening to the broker's flushes; the meters stay in the registry, which the caller closes. */
    public void close() {
        broker.removeFlushListener(flushListener);
    }

    /** Brings the per-topic, per-partition and per-group meters up to date with the broker. */
    public synchronized void refresh() {
        List<MultiGauge.Row<?>> partitionRows = new ArrayList<>();
        List<MultiGauge.Row<?>> sizeRows = new ArrayList<>();
        List<MultiGauge.Row<?>> segmentRows = new ArrayList<>();
        List<MultiGauge.Row<?>> startRows = new ArrayList<>();
        List<MultiGauge.Row<?>> endRows = new ArrayList<>();
        Map<String, TopicMeters> seen = new HashMap<>();
        for (String name : broker.listTopics()) {
            TopicDescription topic;
            TopicTraffic traffic;
            try {
                topic = broker.describeTopic(name);
                traffic = broker.traffic(name);
            } catch (UnknownTopicOrPartitionException deletedMeanwhile) {
                continue;
            }
            TopicMeters meters = topics.remove(name);
            if (meters != null && meters.traffic != traffic) {
                // Deleted and created again: the new topic counts from zero.
                meters.remove();
                meters = null;
            }
            seen.put(name, meters != null ? meters : new TopicMeters(name, traffic));
            partitionRows.add(MultiGauge.Row.of(Tags.of("topic", name), topic.partitionCount()));
            for (PartitionDescription partition : topic.partitions()) {
                Tags tags = Tags.of("topic", name, "partition", String.valueOf(partition.partition()));
                sizeRows.add(MultiGauge.Row.of(tags, partition.sizeInBytes()));
                segmentRows.add(MultiGauge.Row.of(tags, partition.segmentCount()));
                startRows.add(MultiGauge.Row.of(tags, partition.logStartOffset()));
                endRows.add(MultiGauge.Row.of(tags, partition.logEndOffset()));
            }
        }
        topics.values().forEach(TopicMeters::remove);
        topics.clear();
        topics.putAll(seen);
        partitions.register(partitionRows, true);
        logSize.register(sizeRows, true);
        segments.register(segmentRows, true);
        startOffset.register(startRows, true);
        endOffset.register(endRows, true);
        lag.register(lagRows(), true);
    }

    private List<MultiGauge.Row<?>> lagRows() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String group : broker.groupsWithCommittedOffsets()) {
            for (Map.Entry<TopicPartition, OffsetAndMetadata> committed : broker.committedOffsets(group).entrySet()) {
                TopicPartition tp = committed.getKey();
                long end;
                try {
                    end = broker.logEndOffset(tp.topic(), tp.partition());
                } catch (UnknownTopicOrPartitionException deleted) {
                    continue;
                }
                rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", tp.topic(), "partition",
                        String.valueOf(tp.partition())), Math.max(0, end - committed.getValue().offset())));
            }
        }
        return rows;
    }

    /** The traffic counters of one topic, registered while the topic exists. */
    private final class TopicMeters {
        final TopicTraffic traffic;
        final List<Meter> meters = new ArrayList<>();

        TopicMeters(String topic, TopicTraffic traffic) {
            this.traffic = traffic;
            counter("brook.topic.bytes.in", topic, "bytes", "Bytes of record batches appended to the topic",
                    TopicTraffic::bytesIn);
            counter("brook.topic.records.in", topic, null, "Records appended to the topic", TopicTraffic::recordsIn);
            counter("brook.topic.bytes.out", topic, "bytes", "Bytes of record batches read from the topic (fetched)",
                    TopicTraffic::bytesOut);
            counter("brook.topic.records.out", topic, null,
                    "Records in the batches read from the topic (fetched), counted from the batch headers",
                    TopicTraffic::recordsOut);
            counter("brook.topic.reads", topic, null, "Partition reads served from the topic (one per partition fetched)",
                    TopicTraffic::reads);
        }

        private void counter(String name, String topic, String unit, String description,
                ToDoubleFunction<TopicTraffic> value) {
            // The meter holds its object weakly; this class holds it strongly for the topic's life.
            meters.add(FunctionCounter.builder(name, traffic, value).baseUnit(unit).description(description)
                    .tag("topic", topic).register(registry));
        }

        void remove() {
            meters.forEach(registry::remove);
        }
    }
}
