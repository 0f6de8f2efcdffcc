package dev.brook.server.network;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A region of a log segment sent to a socket with {@code sendfile}. Unlike Netty's
 * {@link DefaultFileRegion}, releasing it does not close the file channel: the channel belongs to
 * the log and serves every reader of the segment.
 */
public final class LogFileRegion extends DefaultFileRegion {
    public LogFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // The log owns the channel and closes it when the segment is closed or deleted.
    }
}
