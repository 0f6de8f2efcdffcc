package dev.brook.benchmarks;

import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import dev.brook.core.NewTopic;
import dev.brook.core.TopicConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Append throughput of the embedded storage engine: {@link Broker#append} of one prebuilt,
 * uncompressed record batch to one partition, as fast as one writer thread can go, with the
 * default flush policy (no fsync on the append path; the page cache decides).
 *
 * <p><b>What one operation is.</b> One {@code append} call carrying one batch of
 * {@code recordsPerBatch} records, each a null key and a value of {@code recordSize} random bytes.
 * The primary score is therefore batches per second. Two secondary results, counted by
 * {@link Writer}, make the rest derivable without arithmetic on the batch layout: {@code records}
 * (records/s) and {@code bytes} (bytes of log written per second, batch headers and record
 * framing included). Payload throughput is {@code records × recordSize}.
 *
 * <p><b>What is in the measured path.</b> Everything a produce request costs the storage engine:
 * the batch's CRC-32C check and validation, offset assignment (which rewrites the base offset in
 * the caller's buffer in place, so the same buffer is appended again and again, as the server
 * will append its network buffers without copying them), the positional write into the page
 * cache, and sparse index maintenance. The batch is in a direct buffer, as the server's network
 * buffers are; nothing is allocated per record. Not measured: building the batch (done once per
 * trial), the network, fsync, segment rolls and retention.
 *
 * <p><b>Disk use.</b> Every iteration gets a new broker in a new scratch directory (see
 * {@link Fixtures#DIR_PROPERTY}); the iteration's teardown, which is not measured, closes it (an
 * fsync) and deletes the directory. The segment size is larger than an iteration may write, so no
 * segment is rolled, and so no background fsync runs, while appends are measured. An iteration
 * that writes more than {@value #ITERATION_BUDGET_BYTES} bytes to a partition fails, which keeps a
 * run on a shared machine within bounds: keep iterations short ({@code -r 200ms}, as the annotations
 * and {@code run-jmh.sh} do; this machine has appended at over 3 GB/s).
 *
 * <p>Why not a long-lived topic kept small by {@code retention.bytes}? Because the broker fsyncs
 * each segment as it rolls, on the same single background thread that deletes segments past
 * retention; when appends outrun the disk the fsyncs queue up, deletion waits behind them, and the
 * directory grew to 6 GB with {@code retention.bytes} at 512 MiB (see docs/performance.md). The
 * figure would then be the disk's write speed rather than the engine's.
 *
 * <p><b>Page cache: warm.</b> Each iteration writes into memory that the previous iteration's
 * directory freed about a second earlier, which the VMs these figures come from serve at full
 * speed. Memory idle for more than about five seconds is another matter there (see
 * docs/performance.md): after the first few hundred megabytes, writes into it run at about
 * 0.4 GB/s. An iteration short enough for the disk budget lands mostly in those first fast
 * megabytes, so this benchmark cannot measure a cold page cache, and does not pretend to. Compare
 * with {@link FileAppendBaselineBenchmark}, which writes the same bytes with the same file
 * lifecycle and no broker.
 *
 * <p><b>Threads.</b> With {@code -t N} the topic gets N partitions and each thread appends to its
 * own, the single writer per partition that the log is built for; the budget above is per
 * partition.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class EmbeddedAppendBenchmark {
    static final String TOPIC = "append-bench";
    /** The most one iteration may write to one partition. */
    static final long ITERATION_BUDGET_BYTES = 3L << 29;
    /** The largest segment.bytes allowed, well above the budget: an iteration never rolls. */
    static final int SEGMENT_BYTES = Integer.MAX_VALUE;

    /** Bytes of value in each record; the key is null. */
    @Param({"100", "1024"})
    public int recordSize;

    /** Records in each appended batch: one append call per batch. */
    @Param({"1", "10", "1000"})
    public int recordsPerBatch;

    private int partitions;
    /** One batch per thread, indexed by partition: appends rewrite their base offsets in place. */
    private ByteBuffer[] batches;
    private int batchBytes;
    private Path dataDir;
    private Broker broker;

    @Setup(Level.Trial)
    public void buildBatches(BenchmarkParams params) {
        partitions = params.getThreads();
        batches = new ByteBuffer[partitions];
        for (int p = 0; p < partitions; p++) {
            batches[p] = Fixtures.batch(recordsPerBatch, recordSize);
        }
        batchBytes = batches[0].remaining();
        int maxMessageBytes = TopicConfig.defaults().maxMessageBytes();
        if (batchBytes > maxMessageBytes) {
            throw new IllegalStateException(recordsPerBatch + " records of " + recordSize + " bytes make a "
                    + batchBytes + "-byte batch, over max.message.bytes=" + maxMessageBytes);
        }
    }

    @Setup(Level.Iteration)
    public void openBroker() {
        dataDir = Fixtures.createDataDir("brook-append-");
        broker = Broker.open(BrokerConfig.builder(dataDir).build());
        broker.createTopic(NewTopic.of(TOPIC, partitions)
                .withConfig(TopicConfig.SEGMENT_BYTES, String.valueOf(SEGMENT_BYTES)));
    }

    @Benchmark
    public long append(Writer writer) {
        long lastOffset = broker.append(TOPIC, writer.partition, batches[writer.partition]).lastOffset();
        writer.records += recordsPerBatch;
        writer.bytes += batchBytes;
        if (writer.bytes > ITERATION_BUDGET_BYTES) {
            throw new IllegalStateException("this iteration wrote " + writer.bytes + " bytes to partition "
                    + writer.partition + ", over the budget of " + ITERATION_BUDGET_BYTES + ": use shorter iterations");
        }
        return lastOffset;
    }

    @TearDown(Level.Iteration)
    public void deleteBroker() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            Fixtures.deleteRecursively(dataDir);
        }
    }

    /**
     * One appending thread: its partition, and the counters JMH reports as the secondary
     * {@code records} and {@code bytes} rates. JMH treats every public field here as a
     * counter and zeroes it when an iteration starts.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Writer {
        /** Records appended in this iteration. */
        public long records;
        /** Log bytes appended in this iteration: whole batches, headers included. */
        public long bytes;
        int partition;

        @Setup(Level.Trial)
        public void assignPartition(ThreadParams thread) {
            partition = thread.getThreadIndex();
        }
    }
}
