package dev.brook.server.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into request frames and bounds the memory they take:
 *
 * <pre>
 *  before: | size int32 | size bytes of request | size int32 | ...
 *  after:  | size bytes of request |   (one ByteBuf per request, a retained slice)
 * </pre>
 *
 * The size is checked against {@code socket.request.max.bytes} before anything is buffered (a
 * frame that claims 2 GiB allocates nothing), and reserved from {@link RequestMemory} before the
 * body is read. When the reservation does not fit, the connection stops reading until memory is
 * released, and decoding resumes then. A partial frame is left in the buffer; a negative or
 * oversized size fails with a {@link CorruptedFrameException} or {@link TooLongFrameException},
 * which closes the connection. The emitted frame owns its reservation: whoever releases the frame
 * releases the reservation too.
 *
 * <p>One instance per connection; used on its event loop only.
 */
final class RequestFrameDecoder extends ByteToMessageDecoder {
    private static final int SIZE_BYTES = 4;

    private final int maxFrameBytes;
    private final RequestMemory memory;
    private final ConnectionHandler connection;
    private int frameSize = -1;
    private boolean reserved;

    RequestFrameDecoder(int maxFrameBytes, RequestMemory memory, ConnectionHandler connection) {
        this.maxFrameBytes = maxFrameBytes;
        this.memory = memory;
        this.connection = connection;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (frameSize < 0) {
            if (in.readableBytes() < SIZE_BYTES) {
                return;
            }
            int size = in.getInt(in.readerIndex());
            if (size < 0) {
                throw new CorruptedFrameException("the request frame size " + size + " is negative");
            }
            if (size > maxFrameBytes) {
                throw new TooLongFrameException("a request frame of " + size + " bytes exceeds socket.request.max.bytes="
                        + maxFrameBytes);
            }
            int sessionLimit = connection.sessionMaxFrameBytes();
            if (size > sessionLimit) {
                throw new TooLongFrameException("a request frame of " + size + " bytes exceeds the " + sessionLimit
                        + " bytes a connection may send before it has authenticated");
            }
            in.skipBytes(SIZE_BYTES);
            frameSize = size;
        }
        if (!reserved) {
            if (!memory.tryReserve(frameSize)) {
                connection.pauseForMemory(frameSize);
                return;
            }
            reserved = true;
        }
        if (in.readableBytes() < frameSize) {
            return;
        }
        out.add(in.readRetainedSlice(frameSize));
        frameSize = -1;
        reserved = false;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePartialFrame();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePartialFrame();
        super.channelInactive(ctx);
    }

    private void releasePartialFrame() {
        if (reserved) {
            reserved = false;
            memory.release(frameSize);
        }
    }
}
