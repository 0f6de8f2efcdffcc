package dev.brook.benchmarks;

import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import dev.brook.core.LogReadResult;
import dev.brook.core.NewTopic;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.Records;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Sequential read cost of the embedded storage engine: a consumer's fetches, 1 MiB at a time, from
 * offset 0 to the end of a pre-filled partition and round again, with the data in the page cache.
 *
 * <p><b>Setup (not measured).</b> Each trial appends {@code logMiB} MiB of batches of
 * {@code recordsPerBatch} records of {@code recordSize} bytes, syncs them (so that no writeback
 * runs during the measurement) and then walks the log once to learn where each 1 MiB fetch starts:
 * a {@link LogReadResult} is a file region and does not say which offset follows it, so a server
 * (or this benchmark) must find the last batch's offset some other way. The benchmark replays that
 * list of fetch offsets; each operation is one fetch.
 *
 * <p><b>The three variants, and why these three.</b>
 * <ul>
 *   <li>{@link #locate}: only {@link Broker#read}, which finds the batch holding the offset (index
 *       lookup, then batch headers read with positional reads up to the wanted one) and the end of
 *       the whole batches within 1 MiB, and returns the region without touching the record bytes.
 *       This is all the broker itself does per fetch on the zero-copy path; the rest is the
 *       kernel's. Its {@code bytes} rate says how much data one core can hand to the network per
 *       second, not that it moved.</li>
 *   <li>{@link #transferToDevNull}: {@code read} plus {@link LogReadResult#transferTo} into
 *       {@code /dev/null} opened as a {@link FileChannel}. The JDK sends file-to-file transfers
 *       through {@code sendfile(2)} on Linux, and {@code /dev/null} discards what it is given
 *       without reading it, so this adds the system call and the page cache lookups of the
 *       zero-copy path but no copy. A socket would add the network stack's cost, which no
 *       in-process benchmark can stand for; transferring into an ordinary
 *       {@link java.nio.channels.WritableByteChannel} would not take the zero-copy path at all
 *       (the JDK copies through a temporary buffer), so that is not measured.</li>
 *   <li>{@link #readAll}: {@code read} plus {@link LogReadResult#readAll}, which copies the region
 *       into a new heap buffer: the path of a caller that must look at the bytes (an embedded
 *       consumer, or a server that cannot use zero-copy, such as one speaking TLS). Its
 *       {@code bytes} rate is a real copy rate.</li>
 * </ul>
 *
 * <p>Secondary results {@code records} and {@code bytes} (records and log bytes returned per second)
 * accompany the primary score in fetches per second. Reads of data no longer in the page cache
 * are not measured: that needs the cache dropped, which this shared machine must not do.
 *
 * <p><b>Threads.</b> Reads are lock-free, so with {@code -t N} the threads share one partition,
 * each starting its round at a different place.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class EmbeddedReadBenchmark {
    static final String TOPIC = "read-bench";
    /** A consumer's default {@code max.partition.fetch.bytes}. */
    static final int MAX_BYTES = 1 << 20;
    /** Bytes of batches per append while pre-filling, so that small batches fill quickly. */
    static final int FILL_CHUNK_BYTES = 1 << 20;

    /** Bytes of value in each record; the key is null. */
    @Param({"100", "1024"})
    public int recordSize;

    /** Records in each batch as appended. A fetch returns whole batches. */
    @Param({"1", "10", "1000"})
    public int recordsPerBatch;

    /** How much the partition holds: the data set every round of fetches walks. */
    @Param({"256"})
    public int logMiB;

    private Path dataDir;
    private Broker broker;
    private FileChannel devNull;
    /** Where each fetch of one round starts, in order. */
    private long[] fetchOffsets;
    /** How many records each fetch returns. */
    private int[] fetchRecords;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dataDir = Fixtures.createDataDir("brook-read-");
        broker = Broker.open(BrokerConfig.builder(dataDir).build());
        broker.createTopic(NewTopic.of(TOPIC, 1));
        ByteBuffer oneBatch = Fixtures.batch(recordsPerBatch, recordSize);
        int batchesPerChunk = Math.max(1, FILL_CHUNK_BYTES / oneBatch.remaining());
        ByteBuffer chunk = Fixtures.batches(batchesPerChunk, recordsPerBatch, recordSize);
        long target = (long) logMiB << 20;
        for (long written = 0; written < target; written += chunk.remaining()) {
            broker.append(TOPIC, 0, chunk);
        }
        broker.flush();
        planFetches();
        devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
    }

    /** Walks the log once, as a consumer would, and keeps each fetch's start offset and record count. */
    private void planFetches() {
        long end = broker.logEndOffset(TOPIC, 0);
        long[] offsets = new long[64];
        int[] records = new int[64];
        int fetches = 0;
        long offset = 0;
        while (offset < end) {
            ByteBuffer region = broker.read(TOPIC, 0, offset, MAX_BYTES).readAll();
            int count = 0;
            long next = offset;
            for (RecordBatch batch : Records.strictBatches(region)) {
                count += batch.recordCount();
                next = batch.nextOffset();
            }
            if (next <= offset) {
                throw new IllegalStateException("the read at offset " + offset + " of " + TOPIC + "-0 made no progress");
            }
            if (fetches == offsets.length) {
                offsets = Arrays.copyOf(offsets, fetches * 2);
                records = Arrays.copyOf(records, fetches * 2);
            }
            offsets[fetches] = offset;
            records[fetches] = count;
            fetches++;
            offset = next;
        }
        fetchOffsets = Arrays.copyOf(offsets, fetches);
        fetchRecords = Arrays.copyOf(records, fetches);
    }

    @Benchmark
    public LogReadResult locate(Reader reader) {
        int fetch = reader.nextFetch(fetchOffsets.length);
        LogReadResult result = broker.read(TOPIC, 0, fetchOffsets[fetch], MAX_BYTES);
        reader.count(fetchRecords[fetch], result.sizeInBytes());
        return result;
    }

    @Benchmark
    public long transferToDevNull(Reader reader) {
        int fetch = reader.nextFetch(fetchOffsets.length);
        long sent = broker.read(TOPIC, 0, fetchOffsets[fetch], MAX_BYTES).transferTo(devNull);
        reader.count(fetchRecords[fetch], sent);
        return sent;
    }

    @Benchmark
    public ByteBuffer readAll(Reader reader) {
        int fetch = reader.nextFetch(fetchOffsets.length);
        ByteBuffer copy = broker.read(TOPIC, 0, fetchOffsets[fetch], MAX_BYTES).readAll();
        reader.count(fetchRecords[fetch], copy.remaining());
        return copy;
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            if (devNull != null) {
                devNull.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not close /dev/null", e);
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                Fixtures.deleteRecursively(dataDir);
            }
        }
    }

    /**
     * One reading thread: where it is in the round of fetches, and the counters JMH reports as
     * the secondary {@code records} and {@code bytes} rates. JMH treats every public field here
     * as a counter and zeroes it when an iteration starts.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Reader {
        /** Records returned in this iteration. */
        public long records;
        /** Log bytes returned in this iteration. */
        public long bytes;
        private int fetch;
        private int threadIndex;
        private int threadCount;
        private boolean started;

        @Setup(Level.Trial)
        public void spread(ThreadParams thread) {
            threadIndex = thread.getThreadIndex();
            threadCount = thread.getThreadCount();
        }

        int nextFetch(int fetches) {
            if (!started) {
                fetch = (int) ((long) fetches * threadIndex / threadCount);
                started = true;
            } else if (++fetch == fetches) {
                fetch = 0;
            }
            return fetch;
        }

        void count(int fetchedRecords, long fetchedBytes) {
            records += fetchedRecords;
            bytes += fetchedBytes;
        }
    }
}
