package dev.brook.core.internal.index;

import dev.brook.core.internal.util.MappedBuffers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.StampedLock;

/**
 * A memory-mapped file of fixed-size entries, sorted by offset, that belongs to one log segment.
 *
 * <p>While its segment is active the file is extended ahead of its entries (sparsely: holes cost
 * no disk), starting at one page and doubling as entries fill it, up to {@code maxIndexSize}
 * bytes, and entries are appended in place; {@link #trimToValidSize()} shrinks it to exactly the
 * entries written once the segment is closed, so that a clean restart can count entries from the
 * file's length. After a crash the tail of an extended file holds zeros, which
 * {@link #sanityCheck()} reports so that the index is rebuilt from the log.
 *
 * <p>Why it grows rather than being extended to {@code maxIndexSize} at once: the first write to a
 * page of a mapped file makes the kernel read ahead around it, and ahead of a hole that means
 * allocating and zeroing page cache, megabytes of it per file. A broker with a thousand partitions
 * and two indexes each spent most of its CPU zeroing memory before this.
 *
 * <p>Thread safety: one writer (the partition's appender, or whoever closes the segment) and any
 * number of concurrent readers. An entry's bytes are written before the volatile entry count that
 * publishes them, so a reader sees only whole entries. Re-mapping and unmapping take the write side
 * of a {@link StampedLock} whose read side every lookup holds, so no reader ever touches an unmapped
 * buffer.
 */
abstract class MappedIndex implements AutoCloseable {
    /** The first mapping of an active index: one page. */
    private static final int INITIAL_BYTES = 4096;

    /** Changed only by {@link #renameTo} (writer); read by every thread for mapping and messages. */
    private volatile Path file;
    private final long baseOffset;
    private final int entrySize;
    private final long lengthAtOpen;
    private final StampedLock mappingLock = new StampedLock();
    /** Replaced only under the write lock; read by lookups under the read lock. */
    private MappedByteBuffer mmap;
    /** Written by the single writer; read by every lookup. */
    private volatile int entries;
    /** How many entries the current mapping holds; changes with it. */
    private int mappedEntries;
    /** How many entries the index may hold: {@code maxIndexSize}, or what it has once trimmed. */
    private int limitEntries;
    private boolean closed;

    MappedIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        try {
            boolean existed = Files.exists(file);
            long length = existed ? Files.size(file) : 0;
            int validEntries = (int) (length / entrySize);
            this.limitEntries = Math.max(roundDown(maxIndexSize), validEntries * entrySize) / entrySize;
            map(Math.max(validEntries * entrySize, growTarget(0)), true);
            this.entries = existed ? validEntries : 0;
            this.lengthAtOpen = length;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open index " + file, e);
        }
    }

    /** The file this index is stored in. */
    public Path file() {
        return file;
    }

    /** The base offset of the segment: entries store offsets relative to it. */
    public long baseOffset() {
        return baseOffset;
    }

    /**
     * {@code offset} relative to the base offset, as entries store it.
     *
     * @throws IllegalArgumentException if it is below the base offset or does not fit in 32 bits
     *     (the log rolls the segment before that happens)
     */
    int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " cannot be indexed in the segment with base offset "
                    + baseOffset + " (index " + file + ")");
        }
        return (int) relative;
    }

    /** The number of entries written. */
    public int entries() {
        return entries;
    }

    /** Whether no further entry fits. */
    public boolean isFull() {
        return entries >= limitEntries;
    }

    /** The size of the file when it was opened, before pre-allocation. */
    long lengthAtOpen() {
        return lengthAtOpen;
    }

    int entrySize() {
        return entrySize;
    }

    /**
     * Checks the file against the index's invariants: a length that is a whole number of entries
     * and entries in strictly increasing order. A pre-allocated file left by a crash fails, since
     * its zeroed tail is out of order.
     *
     * @return null when the index is sound, or what is wrong with it
     */
    public String sanityCheck() {
        if (lengthAtOpen % entrySize != 0) {
            return "index file " + file + " is " + lengthAtOpen + " bytes, not a whole number of " + entrySize
                    + "-byte entries";
        }
        return readLocked(buffer -> checkEntries(buffer, entries));
    }

    /** Checks the first {@code count} entries; returns null or what is wrong. */
    abstract String checkEntries(MappedByteBuffer buffer, int count);

    /** Removes every entry, for a rebuild. */
    public void reset() {
        truncateToEntries(0);
    }

    /** How many more entries fit. */
    public int remainingEntries() {
        return Math.max(0, limitEntries - entries);
    }

    /** Keeps the first {@code count} entries: undoes appends that a failed write made. Single writer only. */
    public void truncateToEntries(int count) {
        if (count < 0 || count > entries) {
            throw new IllegalArgumentException("cannot truncate index " + file + " of " + entries + " entries to " + count);
        }
        entries = count;
    }

    /** Shrinks the file to exactly the entries written, once the segment takes no more appends. */
    public void trimToValidSize() {
        writeLocked(() -> {
            ensureOpen();
            try {
                int size = entries * entrySize;
                limitEntries = entries;
                if (mmap == null) {
                    // Unloaded, which happens only once it was trimmed.
                    return;
                }
                if (mmap.capacity() != size) {
                    MappedBuffers.unmap(mmap);
                    mmap = null;
                    map(size, false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not trim index " + file, e);
            }
        });
    }

    /**
     * Lets the index take entries again, up to {@code maxIndexSize} bytes, for a segment that
     * becomes active again; the mapping gets room for as many entries again as it has.
     */
    public void resize(int maxIndexSize) {
        writeLocked(() -> {
            ensureOpen();
            try {
                limitEntries = Math.max(roundDown(maxIndexSize), entries * entrySize) / entrySize;
                int size = Math.max(entries * entrySize, growTarget(entries));
                if (mmap == null || mmap.capacity() != size) {
                    MappedBuffers.unmap(mmap);
                    mmap = null;
                    map(size, false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not resize index " + file, e);
            }
        });
    }

    /**
     * Forces the written entries and the file's length to disk (fdatasync), mapped or not: on
     * Linux the file's pages are those the mapping wrote, whichever way they are synced.
     */
    public void flush() throws IOException {
        Path current;
        long stamp = mappingLock.readLock();
        try {
            ensureOpen();
            current = file;
        } finally {
            mappingLock.unlockRead(stamp);
        }
        // Without the mapping lock: lookups go on meanwhile, and the entries synced are at least
        // those written before the call.
        try (FileChannel channel = FileChannel.open(current, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
    }

    /** Unmaps the file; idempotent. Lookups after close fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        writeLocked(() -> {
            if (!closed) {
                closed = true;
                MappedBuffers.unmap(mmap);
                mmap = null;
            }
        });
    }

    /** Closes the index and deletes its file, if it exists. */
    public void deleteIfExists() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete index " + file, e);
        }
    }

    /**
     * Renames the file, which stays mapped and usable; {@link #file()}, later re-mappings and
     * {@link #deleteIfExists()} use the new name.
     */
    public void renameTo(Path target) throws IOException {
        try {
            Files.move(file, target);
        } catch (NoSuchFileException e) {
            // An index that was never written to disk has nothing to rename.
        }
        file = target;
    }

    /** Appends one entry's bytes with {@code writer} and publishes it. Single writer only. */
    void appendEntry(EntryWriter writer) {
        ensureOpen();
        if (isFull()) {
            throw new IllegalStateException("index " + file + " is full at " + entries + " entries");
        }
        int count = entries;
        if (mmap == null || count >= mappedEntries) {
            // Only this writer maps a growing index; lookups wait on the lock meanwhile.
            writeLocked(() -> {
                MappedBuffers.unmap(mmap);
                mmap = null;
                mapQuietly(growTarget(count));
            });
        }
        writer.write(mmap, count * entrySize);
        entries = count + 1;
    }

    /** The mapping size that holds {@code used} entries with room to grow: one page, then double, up to the limit. */
    private int growTarget(int used) {
        long bytes = Math.max(INITIAL_BYTES, 2L * used * entrySize);
        return (int) Math.min((long) limitEntries * entrySize, roundDown(bytes));
    }

    /** Runs {@code reader} on the mapping with the published entry count, under the read lock. */
    <T> T readLocked(IndexReader<T> reader) {
        long stamp = mappingLock.readLock();
        try {
            ensureOpen();
            if (mmap == null) {
                // Unloaded to save a mapping: map it again, under the write lock, then read.
                long writeStamp = mappingLock.tryConvertToWriteLock(stamp);
                if (writeStamp == 0L) {
                    mappingLock.unlockRead(stamp);
                    writeStamp = mappingLock.writeLock();
                }
                stamp = writeStamp;
                ensureOpen();
                if (mmap == null) {
                    mapQuietly(entries * entrySize);
                }
                stamp = mappingLock.tryConvertToReadLock(stamp);
            }
            return reader.read(mmap);
        } finally {
            mappingLock.unlock(stamp);
        }
    }

    /**
     * Releases the mapping of an index that takes no more entries (its segment is closed and it is
     * trimmed); the next look-up maps it again. Segments that nobody reads then hold no mapping,
     * which keeps a broker with many segments under the system's limit on mappings.
     */
    public void unload() {
        writeLocked(() -> {
            if (!closed && mmap != null && mmap.capacity() == entries * entrySize) {
                MappedBuffers.unmap(mmap);
                mmap = null;
            }
        });
    }

    /** Whether the file is mapped now. */
    public boolean isLoaded() {
        long stamp = mappingLock.readLock();
        try {
            return mmap != null;
        } finally {
            mappingLock.unlockRead(stamp);
        }
    }

    private void mapQuietly(int size) {
        try {
            map(size, false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not map index " + file, e);
        }
    }

    /** Fails if the index is closed; called by the writer, or under the mapping lock. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("index " + file + " is closed");
        }
    }

    private void writeLocked(Runnable action) {
        long stamp = mappingLock.writeLock();
        try {
            action.run();
        } finally {
            mappingLock.unlockWrite(stamp);
        }
    }

    /**
     * Maps the file at {@code size} bytes. Only opening the index creates it: a remap of a file that
     * has gone fails rather than silently mapping a new, empty one in place of its entries.
     */
    private void map(int size, boolean create) throws IOException {
        try (FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() != size) {
                if (channel.size() > size || size == 0) {
                    channel.truncate(size);
                } else {
                    // Extends the file sparsely: pre-allocation costs no disk until entries are written.
                    channel.write(java.nio.ByteBuffer.allocate(1), size - 1L);
                }
            }
            mmap = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            mappedEntries = size / entrySize;
        }
    }

    private int roundDown(int size) {
        return size - size % entrySize;
    }

    private long roundDown(long size) {
        return size - size % entrySize;
    }

    /** Reads from the mapping. */
    @FunctionalInterface
    interface IndexReader<T> {
        T read(MappedByteBuffer buffer);
    }

    /** Writes one entry at an absolute index of the mapping. */
    @FunctionalInterface
    interface EntryWriter {
        void write(MappedByteBuffer buffer, int at);
    }
}
