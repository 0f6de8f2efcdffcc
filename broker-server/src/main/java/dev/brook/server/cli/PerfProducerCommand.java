package dev.brook.server.cli;

import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code brook perf-producer}: sends {@code --num-records} records of {@code --record-size} random
 * bytes as fast as it can (or at {@code --throughput} records/s) and reports throughput and
 * send-to-acknowledgement latency in the form of Kafka's {@code kafka-producer-perf-test.sh}:
 * a progress line every five seconds and a final summary with percentiles from HdrHistogram.
 */
@Command(name = "perf-producer", mixinStandardHelpOptions = true, description = "Measure producer throughput and latency.")
final class PerfProducerCommand implements Callable<Integer> {
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC")
    String topic;

    @Option(names = "--num-records", required = true, paramLabel = "N")
    long numRecords;

    @Option(names = "--record-size", required = true, paramLabel = "BYTES")
    int recordSize;

    @Option(names = "--acks", paramLabel = "0|1|all", defaultValue = "all", description = "Default: ${DEFAULT-VALUE}.")
    String acks;

    @Option(names = "--throughput", paramLabel = "RECORDS/S", defaultValue = "-1",
            description = "Records per second to aim for; -1 (the default) is as fast as possible.")
    long throughput;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "A producer setting (repeatable).")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (numRecords <= 0 || recordSize <= 0) {
            throw new IllegalArgumentException("--num-records and --record-size must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        ProducerConfig.Builder<byte[], byte[]> builder = ProducerConfig
                .builder(Serdes.byteArraySerializer(), Serdes.byteArraySerializer())
                .bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security()).clientId("perf-producer").set("acks", acks);
        producerProperties.forEach(builder::set);
        byte[] payload = new byte[recordSize];
        new SplittableRandom(42).nextBytes(payload);
        PerfStats stats = new PerfStats(out);
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (Producer<byte[], byte[]> producer = new Producer<>(builder.build())) {
            long start = System.nanoTime();
            for (long i = 0; i < numRecords && firstFailure.get() == null; i++) {
                if (throughput > 0) {
                    long due = start + (long) (i * 1e9 / throughput);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, null, null, null, payload, null), (metadata, e) -> {
                    if (e != null) {
                        firstFailure.compareAndSet(null, e);
                    } else {
                        stats.record(System.nanoTime() - sentAt, recordSize);
                    }
                });
                stats.maybeReport();
            }
            producer.flush();
        }
        if (firstFailure.get() != null) {
            throw firstFailure.get();
        }
        stats.printSummary();
        out.flush();
        return 0;
    }

    /** Counts and latencies, recorded from the producer's network thread and read by the sender loop. */
    static final class PerfStats {
        private final PrintWriter out;
        private final Recorder recorder = new Recorder(3);
        private final org.HdrHistogram.Histogram total = new org.HdrHistogram.Histogram(3);
        private final long start = System.nanoTime();
        private long windowStart = start;
        private long windowCount;
        private long windowBytes;
        private long count;
        private long bytes;

        PerfStats(PrintWriter out) {
            this.out = out;
        }

        synchronized void record(long latencyNs, int size) {
            recorder.recordValue(Math.max(1, latencyNs / 1000));
            count++;
            bytes += size;
            windowCount++;
            windowBytes += size;
        }

        /** Called for every record, by the sending thread only (the one thread that writes windowStart). */
        void maybeReport() {
            long now = System.nanoTime();
            if (now - windowStart >= REPORT_INTERVAL_NS) {
                report(now);
            }
        }

        private synchronized void report(long now) {
            org.HdrHistogram.Histogram window = recorder.getIntervalHistogram();
            total.add(window);
            out.println(format(windowCount, windowBytes, now - windowStart, window) + ".");
            out.flush();
            windowStart = now;
            windowCount = 0;
            windowBytes = 0;
        }

        synchronized void printSummary() {
            total.add(recorder.getIntervalHistogram());
            out.println(format(count, bytes, System.nanoTime() - start, total)
                    + String.format(", %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
                            ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(95)),
                            ms(total.getValueAtPercentile(99)), ms(total.getValueAtPercentile(99.9))));
        }

        private static String format(long records, long bytes, long elapsedNs, org.HdrHistogram.Histogram latencies) {
            double seconds = Math.max(elapsedNs, 1) / 1e9;
            return String.format("%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency",
                    records, records / seconds, bytes / seconds / (1024 * 1024), latencies.getMean() / 1000.0,
                    latencies.getMaxValue() / 1000.0);
        }

        private static long ms(long micros) {
            return micros / 1000;
        }
    }
}
