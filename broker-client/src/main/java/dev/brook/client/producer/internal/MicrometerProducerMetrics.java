package dev.brook.client.producer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The producer's meters in a Micrometer registry, tagged with the client id:
 * {@code brook.producer.records.sent}, {@code brook.producer.batch.size} (bytes),
 * {@code brook.producer.request.latency} (tagged {@code outcome}: success or failure) and
 * {@code brook.producer.buffer.used} (bytes of {@code buffer.memory} held by batches).
 *
 * <p>Only loaded when the application hands the producer a registry: micrometer-core is an
 * optional dependency of the client. Thread-safe.
 */
public final class MicrometerProducerMetrics implements ProducerMetrics {
    private final MeterRegistry registry;
    private final Counter records;
    private final DistributionSummary batchSize;
    private final Timer succeeded;
    private final Timer failed;
    private final Gauge bufferUsed;

    private MicrometerProducerMetrics(MeterRegistry registry, String clientId, BufferPool pool, long bufferMemory) {
        this.registry = registry;
        Tags tags = Tags.of("client_id", clientId);
        records = Counter.builder("brook.producer.records.sent").description("Records sent in batches to the broker")
                .tags(tags).register(registry);
        batchSize = DistributionSummary.builder("brook.producer.batch.size").baseUnit("bytes")
                .description("Size of each batch sent").tags(tags).publishPercentiles(0.5, 0.99).register(registry);
        succeeded = latency(tags, "success");
        failed = latency(tags, "failure");
        bufferUsed = Gauge.builder("brook.producer.buffer.used", pool, p -> bufferMemory - p.availableMemory())
                .baseUnit("bytes").description("Bytes of buffer.memory held by batches not yet acknowledged")
                .tags(tags).strongReference(true).register(registry);
    }

    private Timer latency(Tags tags, String outcome) {
        return Timer.builder("brook.producer.request.latency")
                .description("Time from sending a produce request until its answer")
                .tags(tags).tag("outcome", outcome).publishPercentiles(0.5, 0.99).register(registry);
    }

    /** The producer's metrics in {@code registry}, which must be a {@code MeterRegistry}. */
    static ProducerMetrics create(Object registry, String clientId, BufferPool pool, long bufferMemory) {
        return new MicrometerProducerMetrics((MeterRegistry) registry, clientId, pool, bufferMemory);
    }

    @Override
    public void batchSent(int bytes, int count) {
        batchSize.record(bytes);
        records.increment(count);
    }

    @Override
    public void requestCompleted(long nanos, boolean failure) {
        (failure ? failed : succeeded).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        for (Meter meter : List.of(records, batchSize, succeeded, failed, bufferUsed)) {
            registry.remove(meter);
        }
    }
}
