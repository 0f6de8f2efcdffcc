package dev.brook.client.consumer.internal;

import dev.brook.protocol.TopicPartition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer's meters in a Micrometer registry, tagged with the client id:
 * {@code brook.consumer.records.consumed} (per topic), {@code brook.consumer.fetch.latency}
 * (tagged {@code outcome}) and {@code brook.consumer.lag} (per topic and partition: the log end
 * offset of the last fetch minus the consumer's position).
 *
 * <p>Only loaded when the application hands the consumer a registry: micrometer-core is an
 * optional dependency of the client. Thread-safe.
 */
public final class MicrometerConsumerMetrics implements ConsumerMetrics {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer succeeded;
    private final Timer failed;
    private final ConcurrentHashMap<String, Counter> consumed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();

    private MicrometerConsumerMetrics(MeterRegistry registry, String clientId) {
        this.registry = registry;
        this.tags = Tags.of("client_id", clientId);
        succeeded = latency("success");
        failed = latency("failure");
    }

    static ConsumerMetrics create(Object registry, String clientId) {
        return new MicrometerConsumerMetrics((MeterRegistry) registry, clientId);
    }

    private Timer latency(String outcome) {
        return add(Timer.builder("brook.consumer.fetch.latency")
                .description("Time from sending a fetch request until its answer, the broker's wait for data included")
                .tags(tags).tag("outcome", outcome).publishPercentiles(0.5, 0.99).register(registry));
    }

    private synchronized <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void fetchCompleted(long nanos, boolean failure) {
        (failure ? failed : succeeded).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void consumed(TopicPartition partition, int count) {
        Counter counter = consumed.get(partition.topic());
        if (counter == null) {
            counter = consumed.computeIfAbsent(partition.topic(), topic -> add(Counter
                    .builder("brook.consumer.records.consumed").description("Records handed to the application by poll")
                    .tags(tags).tag("topic", topic).register(registry)));
        }
        counter.increment(count);
    }

    @Override
    public void lag(TopicPartition partition, long lag) {
        AtomicLong value = lags.get(partition);
        if (value == null) {
            value = lags.computeIfAbsent(partition, tp -> {
                AtomicLong created = new AtomicLong();
                add(Gauge.builder("brook.consumer.lag", created, AtomicLong::get)
                        .description("Records behind the log end: the end offset last fetched minus the position")
                        .tags(tags).tag("topic", tp.topic()).tag("partition", String.valueOf(tp.partition()))
                        .strongReference(true).register(registry));
                return created;
            });
        }
        value.set(Math.max(0, lag));
    }

    @Override
    public synchronized void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
