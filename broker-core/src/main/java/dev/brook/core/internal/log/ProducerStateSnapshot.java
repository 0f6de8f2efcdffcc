package dev.brook.core.internal.log;

import dev.brook.core.internal.util.FileUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A producer-state snapshot file, {@code <20-digit offset>.snapshot} in the partition directory:
 * every idempotent producer the partition knew when its log ended at that offset. Loading starts
 * from the newest snapshot at or below the log end and replays the batch headers after it, so
 * only the tail of the log is read.
 *
 * <pre>
 *  offset  size  field
 *       0     2  version               1
 *       2     4  crc                   CRC-32C of bytes 6 .. end
 *       6     4  producerCount
 *      10     .  producers, each:
 *                  0   8  producerId
 *                  8   2  epoch
 *                 10   8  lastAppendMs   broker clock at its last append
 *                 18   1  batchCount     1 .. 5, oldest first
 *                 19   .  batches, each 32 bytes:
 *                          0  4 firstSeq, 4  4 lastSeq, 8  8 firstOffset, 16  8 lastOffset, 24  8 timestamp
 * </pre>
 *
 * Big-endian. Written atomically (temporary file, fsync, rename, directory fsync), so a crash
 * leaves the old file set or the new one; a file that fails its CRC or layout checks is
 * {@linkplain CorruptSnapshotException refused}, and the loader falls back to an older snapshot
 * or the log itself. Stateless; thread-safe for distinct files.
 */
final class ProducerStateSnapshot {
    static final String SUFFIX = ".snapshot";
    /** How many snapshots a partition keeps: the newest, and one in case it is damaged. */
    static final int RETAINED = 2;
    static final short VERSION = 1;

    static final int VERSION_OFFSET = 0;
    static final int VERSION_LENGTH = 2;
    static final int CRC_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    static final int CRC_LENGTH = 4;
    static final int COUNT_OFFSET = CRC_OFFSET + CRC_LENGTH;
    static final int COUNT_LENGTH = 4;
    static final int HEADER_LENGTH = COUNT_OFFSET + COUNT_LENGTH;

    static final int PRODUCER_ID_LENGTH = 8;
    static final int EPOCH_LENGTH = 2;
    static final int LAST_APPEND_LENGTH = 8;
    static final int BATCH_COUNT_LENGTH = 1;
    static final int PRODUCER_HEADER_LENGTH = PRODUCER_ID_LENGTH + EPOCH_LENGTH + LAST_APPEND_LENGTH + BATCH_COUNT_LENGTH;
    static final int BATCH_LENGTH = 4 + 4 + 8 + 8 + 8;

    private ProducerStateSnapshot() {
    }

    /** The snapshot's bytes for these producers. */
    static byte[] serialize(Collection<ProducerStateEntry> producers) {
        int size = HEADER_LENGTH;
        for (ProducerStateEntry producer : producers) {
            size += PRODUCER_HEADER_LENGTH + producer.batches().size() * BATCH_LENGTH;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(VERSION).putInt(0).putInt(producers.size());
        for (ProducerStateEntry producer : producers) {
            buffer.putLong(producer.producerId()).putShort(producer.epoch()).putLong(producer.lastAppendMs())
                    .put((byte) producer.batches().size());
            for (BatchMetadata batch : producer.batches()) {
                buffer.putInt(batch.firstSeq()).putInt(batch.lastSeq()).putLong(batch.firstOffset())
                        .putLong(batch.lastOffset()).putLong(batch.timestamp());
            }
        }
        buffer.putInt(CRC_OFFSET, (int) crc(buffer.array()));
        return buffer.array();
    }

    /**
     * The producers in a snapshot's bytes.
     *
     * @throws CorruptSnapshotException naming {@code file} if the bytes fail a check
     */
    static List<ProducerStateEntry> deserialize(byte[] bytes, Path file) throws CorruptSnapshotException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_LENGTH) {
            throw new CorruptSnapshotException(file, "it has " + bytes.length + " bytes, fewer than a header");
        }
        short version = buffer.getShort(VERSION_OFFSET);
        if (version != VERSION) {
            throw new CorruptSnapshotException(file, "unknown version " + version);
        }
        long stored = Integer.toUnsignedLong(buffer.getInt(CRC_OFFSET));
        long computed = crc(bytes);
        if (stored != computed) {
            throw new CorruptSnapshotException(file, "CRC-32C is " + computed + " but the file says " + stored);
        }
        int count = buffer.getInt(COUNT_OFFSET);
        buffer.position(HEADER_LENGTH);
        List<ProducerStateEntry> producers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                long producerId = buffer.getLong();
                short epoch = buffer.getShort();
                long lastAppendMs = buffer.getLong();
                int batchCount = buffer.get();
                List<BatchMetadata> batches = new ArrayList<>();
                for (int b = 0; b < batchCount; b++) {
                    batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong(),
                            buffer.getLong()));
                }
                producers.add(new ProducerStateEntry(producerId, epoch, batches, lastAppendMs));
            }
        } catch (RuntimeException e) {
            throw new CorruptSnapshotException(file, "producer entries do not match the count " + count + ": " + e);
        }
        if (buffer.hasRemaining()) {
            throw new CorruptSnapshotException(file, buffer.remaining() + " bytes follow the " + count + " producers");
        }
        return producers;
    }

    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, COUNT_OFFSET, bytes.length - COUNT_OFFSET);
        return crc.getValue();
    }

    static Path file(Path dir, long offset) {
        return dir.resolve(SegmentFiles.baseName(offset) + SUFFIX);
    }

    /** Writes the snapshot for {@code offset} atomically, then deletes all but the newest {@value #RETAINED}. */
    static void write(Path dir, long offset, byte[] bytes) throws IOException {
        FileUtils.writeAtomically(file(dir, offset), bytes);
        List<Path> existing = new ArrayList<>(list(dir).values());
        for (int i = 0; i < existing.size() - RETAINED; i++) {
            Files.deleteIfExists(existing.get(i));
        }
    }

    /** The snapshot files by offset. */
    static TreeMap<Long, Path> list(Path dir) throws IOException {
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long offset = SegmentFiles.baseOffsetOf(name, SUFFIX);
                if (offset >= 0) {
                    snapshots.put(offset, file);
                }
            }
        }
        return snapshots;
    }

    /** Removes the temporary files of snapshot writes a crash interrupted; only while nothing writes. */
    static void deleteTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX + ".tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** A snapshot file fails its CRC or layout checks; the loader then ignores it. */
    static final class CorruptSnapshotException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptSnapshotException(Path file, String problem) {
            super("producer state snapshot " + file + " is damaged: " + problem);
        }
    }
}
