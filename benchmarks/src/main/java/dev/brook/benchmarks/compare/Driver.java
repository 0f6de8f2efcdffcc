package dev.brook.benchmarks.compare;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The client JVM of the comparison: runs the loads it is given, one at a time, against one broker
 * with one client, and prints each figure as {@code RESULT <figure> <value>} on standard output
 * (progress and failures go to standard error). A load that fails prints {@code FAILED <load> <why>}
 * and the driver goes on with the next. Single-threaded, except the end-to-end load's consumer.
 *
 * <pre>java -cp benchmarks.jar dev.brook.benchmarks.compare.Driver --client brook|kafka --bootstrap 127.0.0.1:PORT LOAD...</pre>
 */
public final class Driver {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long LOAD_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);

    private final BenchClient client;
    private final PrintStream out;
    private final byte[] random = new byte[1 << 20];

    Driver(BenchClient client, PrintStream out) {
        this.client = client;
        this.out = out;
        new SplittableRandom(42).nextBytes(random);
    }

    public static void main(String[] args) throws Exception {
        String clientName = null;
        String bootstrap = null;
        List<Load> loads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--client" -> clientName = args[++i];
                case "--bootstrap" -> bootstrap = args[++i];
                default -> loads.add(Load.parse(args[i]));
            }
        }
        if (clientName == null || bootstrap == null) {
            throw new IllegalArgumentException("usage: Driver --client brook|kafka --bootstrap HOST:PORT LOAD...");
        }
        BenchClient client = switch (clientName) {
            case "brook" -> new BrookBenchClient(bootstrap);
            case "kafka" -> new KafkaBenchClient(bootstrap);
            default -> throw new IllegalArgumentException("--client must be brook or kafka, not " + clientName);
        };
        try (client) {
            Driver driver = new Driver(client, System.out);
            for (Load load : loads) {
                long start = System.nanoTime();
                try {
                    driver.run(load);
                    System.err.printf(Locale.ROOT, "driver: %s done in %.1f s%n", load, (System.nanoTime() - start) / 1e9);
                } catch (Exception | AssertionError e) {
                    System.out.println("FAILED " + load + " " + e);
                    e.printStackTrace();
                }
                System.out.flush();
            }
        }
        System.exit(0);
    }

    void run(Load load) throws Exception {
        switch (load.kind()) {
            case "produce" -> result(load.get("id"), produce(load.get("topic"), load.getInt("partitions"),
                    load.getInt("size"), load.getLong("records"), Map.of("acks", load.get("acks")), true));
            case "grow" -> produce(load.get("topic"), 1, load.getInt("size"), load.getLong("records"),
                    // Not measured: large batches only to fill the partition sooner, for both brokers alike.
                    Map.of("acks", "1", "batch.size", "262144", "linger.ms", "20"), true);
            case "consume" -> result(load.get("id"), consume(load.get("topic"), load.getInt("partitions"), load.getLong("records")));
            case "e2e" -> endToEnd(load.get("id"), load.get("topic"), load.getInt("rate"), load.getInt("seconds"),
                    load.getInt("warmup"), load.getInt("size"));
            case "fetch" -> fetchCost(load.get("id"), load.get("topic"), load.getLong("records"), load.getInt("samples"));
            default -> throw new IllegalArgumentException("unknown load kind '" + load.kind() + "'");
        }
    }

    private void result(String id, double value) {
        out.printf(Locale.ROOT, "RESULT %s %.6g%n", id, value);
        out.flush();
    }

    /** Sends {@code records} records as fast as the producer takes them; returns records/s to the end of flush. */
    double produce(String topic, int partitions, int size, long records, Map<String, String> settings, boolean create)
            throws Exception {
        if (create) {
            client.createTopic(topic, partitions);
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        BenchClient.Completion completion = e -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acknowledged.incrementAndGet();
            }
        };
        long elapsed;
        try (BenchClient.Producer producer = client.producer(settings)) {
            int offsets = random.length - size;
            long start = System.nanoTime();
            for (long i = 0; i < records && failure.get() == null; i++) {
                // A different slice of random bytes each time, so that nothing compresses or dedupes.
                byte[] value = new byte[size];
                System.arraycopy(random, (int) (i * 31 % offsets), value, 0, size);
                producer.send(topic, null, value, completion);
            }
            producer.flush();
            elapsed = System.nanoTime() - start;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (acknowledged.get() != records) {
            throw new IllegalStateException("only " + acknowledged.get() + " of " + records + " records to " + topic
                    + " were acknowledged");
        }
        return records / (elapsed / 1e9);
    }

    /** Reads {@code records} records of the topic from the beginning; returns records/s. */
    double consume(String topic, int partitions, long records) {
        try (BenchClient.Consumer consumer = client.consumer()) {
            consumer.assign(topic, partitions);
            for (int p = 0; p < partitions; p++) {
                consumer.seek(topic, p, 0);
            }
            long read = 0;
            long start = System.nanoTime();
            long deadline = start + LOAD_TIMEOUT_NS;
            long[] bytes = {0};
            while (read < records) {
                read += consumer.poll(POLL, v -> bytes[0] += v.length);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read only " + read + " of " + records + " records of " + topic);
                }
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Produces {@code rate} records/s for {@code warmup + seconds} seconds while a consumer thread
     * reads them; records the latency of those sent after the warm-up. Prints p50, p99 and p99.9 in ms.
     */
    void endToEnd(String id, String topic, int rate, int seconds, int warmup, int size) throws Exception {
        client.createTopic(topic, 1);
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long total = (long) rate * (seconds + warmup);
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        AtomicLong received = new AtomicLong();
        AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BenchClient.Consumer consumer = client.consumer()) {
                consumer.assign(topic, 1);
                consumer.seek(topic, 0, 0);
                long deadline = start + TimeUnit.SECONDS.toNanos(seconds + warmup + 30L);
                while (received.get() < total && System.nanoTime() < deadline) {
                    consumer.poll(POLL, value -> {
                        long now = System.nanoTime();
                        long sentAt = readLong(value);
                        if (sentAt >= measureFrom) {
                            latencies.recordValue(Math.min(Math.max(1, (now - sentAt) / 1000), latencies.getHighestTrackableValue()));
                        }
                        received.incrementAndGet();
                    });
                }
            } catch (Throwable e) {
                consumerFailure.set(e);
            }
        }, "e2e-consumer");
        reader.start();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (BenchClient.Producer producer = client.producer(Map.of())) {
            for (long i = 0; i < total && failure.get() == null; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] value = new byte[size];
                writeLong(value, System.nanoTime());
                producer.send(topic, 0, value, e -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        reader.join(TimeUnit.SECONDS.toMillis(40));
        if (failure.get() != null) {
            throw failure.get();
        }
        if (consumerFailure.get() != null) {
            throw new IllegalStateException("the end-to-end consumer failed", consumerFailure.get());
        }
        if (received.get() < total) {
            throw new IllegalStateException("received " + received.get() + " of " + total + " records of " + topic);
        }
        result(id + ".p50", latencies.getValueAtPercentile(50) / 1000.0);
        result(id + ".p99", latencies.getValueAtPercentile(99) / 1000.0);
        result(id + ".p999", latencies.getValueAtPercentile(99.9) / 1000.0);
    }

    /**
     * Times fetches at offsets near the start, the middle and the end of a partition of
     * {@code records} records: seek to a random offset within 1,000 records of each, poll until
     * records come back. Positions are interleaved; prints the median of each in ms, and their spread.
     */
    void fetchCost(String id, String topic, long records, int samples) {
        long window = 1000;
        long[] bases = {0, records / 2, Math.max(0, records - 2 * window)};
        String[] names = {"start", "middle", "end"};
        double[][] times = new double[3][samples];
        SplittableRandom rnd = new SplittableRandom(7);
        try (BenchClient.Consumer consumer = client.consumer()) {
            consumer.assign(topic, 1);
            // One untimed fetch first: connections and metadata.
            consumer.seek(topic, 0, 0);
            pollUntilRecords(consumer);
            for (int s = 0; s < samples; s++) {
                for (int position = 0; position < 3; position++) {
                    // Let a fetch the consumer sent ahead arrive, so that each sample starts alike.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    consumer.seek(topic, 0, bases[position] + rnd.nextLong(window));
                    long t0 = System.nanoTime();
                    pollUntilRecords(consumer);
                    times[position][s] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        double[] medians = new double[3];
        for (int position = 0; position < 3; position++) {
            medians[position] = Stats.median(times[position]);
            result(id + "." + names[position], medians[position]);
        }
        result(id + ".spread", Stats.spread(medians));
    }

    private static void pollUntilRecords(BenchClient.Consumer consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.poll(Duration.ofMillis(10), v -> { }) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no records within 30 s of a seek");
            }
        }
    }

    static void writeLong(byte[] target, long value) {
        for (int i = 7; i >= 0; i--) {
            target[i] = (byte) value;
            value >>>= 8;
        }
    }

    static long readLong(byte[] source) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (source[i] & 0xFF);
        }
        return value;
    }
}
