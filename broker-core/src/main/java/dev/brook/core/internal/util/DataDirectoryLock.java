package dev.brook.core.internal.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code .lock} inside it), held while a broker uses the
 * directory, so that a second broker, in this process or another, fails fast instead of corrupting
 * the logs. The operating system releases the lock if the process dies.
 *
 * <p>Thread-safe.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock.
     *
     * @throws IllegalStateException naming the directory if another broker holds it
     */
    public static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("data directory " + dataDir.toAbsolutePath()
                    + " is already in use by another broker (it holds " + file.toAbsolutePath() + ")");
        }
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
