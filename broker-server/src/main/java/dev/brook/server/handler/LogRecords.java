package dev.brook.server.handler;

import dev.brook.core.LogReadResult;
import dev.brook.protocol.errors.StorageException;
import dev.brook.protocol.wire.RecordsPayload;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Fetched record data that is still in its log file: the network layer sends it with
 * {@code sendfile} as a file region, never copying it through the heap. Immutable.
 */
public final class LogRecords implements RecordsPayload {
    private final LogReadResult result;

    LogRecords(LogReadResult result) {
        this.result = result;
    }

    /** The file region to send. */
    public LogReadResult result() {
        return result;
    }

    @Override
    public int sizeInBytes() {
        return result.sizeInBytes();
    }

    /** Copies the region: only for transports that cannot send a file region. */
    @Override
    public void copyTo(ByteBuffer target) {
        ByteBuffer view = target.slice();
        view.limit(result.sizeInBytes());
        try {
            while (view.hasRemaining()) {
                if (result.channel().read(view, result.position() + view.position()) < 0) {
                    throw new StorageException("log file ended inside a fetched region", null);
                }
            }
        } catch (IOException e) {
            throw new StorageException("could not read fetched log data: " + e.getMessage(), e);
        }
        target.position(target.position() + result.sizeInBytes());
    }
}
