package dev.brook.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

/**
 * The machine's own ceiling for {@link EmbeddedAppendBenchmark}: the same batch bytes appended to
 * a file with a plain positional {@link FileChannel#write} loop, no broker. The file lives as the
 * broker's segment does in that benchmark: a new one in a new scratch directory every iteration,
 * fsynced, closed and deleted by the iteration's teardown (not measured), under the same
 * {@value EmbeddedAppendBenchmark#ITERATION_BUDGET_BYTES}-byte budget, and so into the same warm
 * page cache.
 *
 * <p>So the gap between the two is what Brook adds per append (validation and CRC, offset
 * assignment, locking, indexing, allocation), and the figure here is what the machine's warm page
 * cache allows, which on the VMs of docs/performance.md varies from run to run by more than any
 * engine change would.
 *
 * <p>One operation writes one batch; the {@code records} and {@code bytes} secondary results match
 * those of {@link EmbeddedAppendBenchmark}. Single-threaded.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class FileAppendBaselineBenchmark {
    /** Bytes of value in each record, as in {@link EmbeddedAppendBenchmark}. */
    @Param({"100", "1024"})
    public int recordSize;

    /** Records in each written batch. */
    @Param({"1", "10", "1000"})
    public int recordsPerBatch;

    private ByteBuffer batch;
    private int batchBytes;
    private Path dir;
    private FileChannel file;
    private long position;

    @Setup(Level.Trial)
    public void buildBatch() {
        batch = Fixtures.batch(recordsPerBatch, recordSize);
        batchBytes = batch.remaining();
    }

    @Setup(Level.Iteration)
    public void openFile() throws IOException {
        dir = Fixtures.createDataDir("brook-file-baseline-");
        file = FileChannel.open(dir.resolve("00000000000000000000.log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        position = 0;
    }

    @Benchmark
    public long write(Counters counters) throws IOException {
        ByteBuffer bytes = batch.duplicate();
        while (bytes.hasRemaining()) {
            position += file.write(bytes, position);
        }
        counters.records += recordsPerBatch;
        counters.bytes += batchBytes;
        if (position > EmbeddedAppendBenchmark.ITERATION_BUDGET_BYTES) {
            throw new IllegalStateException("this iteration wrote " + position + " bytes, over the budget of "
                    + EmbeddedAppendBenchmark.ITERATION_BUDGET_BYTES + ": use shorter iterations");
        }
        return position;
    }

    @TearDown(Level.Iteration)
    public void deleteFile() throws IOException {
        try (FileChannel closing = file) {
            closing.force(false);
        } finally {
            file = null;
            Fixtures.deleteRecursively(dir);
        }
    }

    /**
     * Counters JMH reports as the secondary {@code records} and {@code bytes} rates; it zeroes them
     * when an iteration starts.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** Records written in this iteration. */
        public long records;
        /** Bytes written in this iteration. */
        public long bytes;
    }
}
