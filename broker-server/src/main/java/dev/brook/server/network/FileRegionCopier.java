package dev.brook.server.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * On a TLS connection, turns the log regions of a fetch response ({@link LogFileRegion}, sent with
 * {@code sendfile} on a plaintext connection) into buffers the {@code SslHandler} can encrypt:
 * bytes must pass through the JVM to be encrypted, so TLS costs this copy, as it does in Kafka.
 *
 * <p>A region becomes a {@link ChunkedInput} that a {@code ChunkedWriteHandler} between this
 * handler and the {@code SslHandler} reads one chunk of at most {@value #CHUNK_BYTES} bytes at a
 * time, and only while the connection is writable: a client that does not read holds at most
 * about the socket's high water mark of a fetch in memory, not every response it asked for.
 *
 * <p>If a region cannot be read (its segment was deleted meanwhile), the response's size prefix
 * and header are already out and its records cannot follow: the connection is closed, as Netty
 * closes a plaintext connection whose file region fails, rather than left out of frame.
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
        ChannelPromise written = promise.unvoid();
        written.addListener(result -> {
            if (!result.isSuccess()) {
                // Once what went before this response is out (earlier answers are whole).
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        });
        ctx.write(new RegionChunks(region), written);
    }

    /** A log region read chunk by chunk; owns the region and releases it when closed. */
    private static final class RegionChunks implements ChunkedInput<ByteBuf> {
        private final FileRegion region;
        private long position;

        RegionChunks(FileRegion region) {
            this.region = region;
            this.position = region.transferred();
        }

        @Override
        public boolean isEndOfInput() {
            return position >= region.count();
        }

        @Override
        public void close() {
            region.release();
        }

        @Deprecated
        @Override
        public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
            if (isEndOfInput()) {
                return null;
            }
            int size = (int) Math.min(region.count() - position, CHUNK_BYTES);
            ByteBuf chunk = allocator.buffer(size);
            try {
                fill(region, position, chunk, size);
            } catch (IOException | RuntimeException e) {
                chunk.release();
                throw e;
            }
            position += size;
            return chunk;
        }

        @Override
        public long length() {
            return region.count();
        }

        @Override
        public long progress() {
            return position;
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
