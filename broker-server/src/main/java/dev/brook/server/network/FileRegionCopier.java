package dev.brook.server.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * On a TLS connection, turns the log regions of a fetch response ({@link LogFileRegion}, sent with
 * {@code sendfile} on a plaintext connection) into buffers the {@code SslHandler} can encrypt:
 * bytes must pass through the JVM to be encrypted, so TLS costs this copy, as it does in Kafka.
 * A region is read in chunks of at most {@value #CHUNK_BYTES} bytes; the write's promise goes with
 * the last chunk. Sits right after the {@code SslHandler} (so outbound writes reach it first).
 *
 * <p>Stateless; one instance per connection, used on its event loop.
 */
final class FileRegionCopier extends ChannelOutboundHandlerAdapter {
    static final int CHUNK_BYTES = 1024 * 1024;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof FileRegion region)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            long remaining = region.count() - region.transferred();
            long position = region.transferred();
            if (remaining == 0) {
                ctx.write(ctx.alloc().buffer(0), promise);
                return;
            }
            while (remaining > 0) {
                int size = (int) Math.min(remaining, CHUNK_BYTES);
                ByteBuf chunk = ctx.alloc().buffer(size);
                try {
                    fill(region, position, chunk, size);
                } catch (IOException | RuntimeException e) {
                    chunk.release();
                    throw e;
                }
                position += size;
                remaining -= size;
                ctx.write(chunk, remaining == 0 ? promise : ctx.voidPromise());
            }
        } catch (IOException | RuntimeException e) {
            promise.tryFailure(e);
        } finally {
            region.release();
        }
    }

    private static void fill(FileRegion region, long position, ByteBuf chunk, int size) throws IOException {
        WritableByteChannel into = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = Math.min(src.remaining(), chunk.writableBytes());
                ByteBuffer slice = src.slice();
                slice.limit(n);
                chunk.writeBytes(slice);
                src.position(src.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        long done = 0;
        while (done < size) {
            long n = region.transferTo(into, position + done);
            if (n <= 0) {
                throw new IOException("the log region ended after " + (position + done) + " of " + region.count()
                        + " bytes (the segment was truncated or deleted)");
            }
            done += n;
        }
    }
}
