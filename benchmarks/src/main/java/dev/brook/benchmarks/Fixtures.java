package dev.brook.benchmarks;

import dev.brook.core.internal.util.FileUtils;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.RecordBatchBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the benchmarks share: record batches built once, off the measured path, and scratch data
 * directories that never outlive the JVM. Thread-safe.
 */
final class Fixtures {
    /**
     * System property naming the directory under which each trial makes its scratch data
     * directory; {@code java.io.tmpdir} when unset. Pass it to the forked JVMs with
     * {@code -jvmArgsAppend -Dbrook.benchmarks.dir=/path}.
     */
    static final String DIR_PROPERTY = "brook.benchmarks.dir";

    /** The timestamp every generated record carries: fixed, so that no segment is rolled by age. */
    static final long TIMESTAMP = System.currentTimeMillis();

    /**
     * The most bytes a record with a null key and no headers spends around its value: length
     * (varint, up to 5), attributes (1), timestamp delta (varlong, up to 10), offset delta (up to
     * 5), key length (1), value length (up to 5), header count (1). Sizes buffers, no more.
     */
    private static final int MAX_RECORD_FRAMING_BYTES = 5 + 1 + 10 + 5 + 1 + 5 + 1;

    /** Scratch directories not yet deleted: the shutdown hook deletes them if a teardown did not run. */
    private static final Set<Path> LIVE_DIRS = ConcurrentHashMap.newKeySet();

    static {
        // JMH skips the teardowns of a benchmark that failed and ends its fork: without this, a
        // failed run would leave gigabytes behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path dir : LIVE_DIRS) {
                try {
                    deleteRecursively(dir);
                } catch (UncheckedIOException e) {
                    System.err.println("could not delete scratch directory " + dir + ": " + e.getCause());
                }
            }
        }, "delete-benchmark-scratch-dirs"));
    }

    private Fixtures() {
    }

    /**
     * One uncompressed batch of {@code records} records, each with a null key and a value of
     * {@code valueSize} random bytes, in a direct buffer of exactly the batch's size. Direct, as
     * the server's network buffers are: a heap buffer would cost the file write an extra copy.
     */
    static ByteBuffer batch(int records, int valueSize) {
        return batches(1, records, valueSize);
    }

    /**
     * {@code count} such batches laid end to end in one direct buffer, as a produce request may
     * carry them.
     */
    static ByteBuffer batches(int count, int records, int valueSize) {
        if (count < 1 || records < 1 || valueSize < 0) {
            throw new IllegalArgumentException("cannot build " + count + " batch(es) of " + records
                    + " record(s) of " + valueSize + " bytes");
        }
        long capacity = (long) count
                * (RecordBatch.RECORD_BATCH_OVERHEAD + (long) records * (MAX_RECORD_FRAMING_BYTES + valueSize));
        if (capacity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " batch(es) of " + records + " record(s) of " + valueSize
                    + " bytes do not fit in one buffer");
        }
        byte[] value = new byte[valueSize];
        new SplittableRandom(valueSize).nextBytes(value);
        ByteBuffer target = ByteBuffer.allocateDirect((int) capacity);
        for (int b = 0; b < count; b++) {
            RecordBatchBuilder builder = new RecordBatchBuilder(target, 0L);
            for (int r = 0; r < records; r++) {
                builder.append(TIMESTAMP, null, value);
            }
            builder.build();
        }
        target.flip();
        return target.slice();
    }

    /**
     * A new, empty scratch directory (see {@link #DIR_PROPERTY}), deleted by
     * {@link #deleteRecursively} or, failing that, when the JVM exits.
     */
    static Path createDataDir(String prefix) {
        try {
            String parent = System.getProperty(DIR_PROPERTY);
            Path dir = parent == null ? Files.createTempDirectory(prefix)
                    : Files.createTempDirectory(Files.createDirectories(Path.of(parent)), prefix);
            LIVE_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a scratch directory for " + prefix, e);
        }
    }

    /** Deletes {@code root} and everything below it, if it exists. */
    static void deleteRecursively(Path root) {
        if (root == null) {
            return;
        }
        if (!Files.exists(root)) {
            LIVE_DIRS.remove(root);
            return;
        }
        try {
            FileUtils.deleteRecursively(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete scratch directory " + root, e);
        }
        LIVE_DIRS.remove(root);
    }
}
