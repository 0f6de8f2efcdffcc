package dev.brook.server.network;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.RequestHeader;
import dev.brook.server.handler.RequestDispatcher;
import dev.brook.server.handler.Response;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: takes request frames, hands them to the I/O threads to be served one
 * after another in arrival order (a long-polling fetch waits without holding up the requests
 * behind it), and writes the responses back in request order.
 *
 * <p><b>Backpressure.</b> The connection stops reading from its socket while any of these holds,
 * and resumes when none does: its responses are not being read (the channel is not writable), it
 * has {@code max.in.flight.requests.per.connection} requests unanswered, or the broker holds more
 * than {@code queued.max.request.bytes} of requests in total ({@link RequestMemory}).
 *
 * <p><b>Bad input</b> closes only this connection, with one log line: a frame larger than
 * {@code socket.request.max.bytes} (refused before it is buffered), a negative frame size, or a
 * frame too short for a request header. Everything after the header is answered with an error
 * response instead.
 *
 * <p>Thread safety: every field is touched only on the channel's event loop, except where a
 * method says otherwise.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int PAUSED_FOR_WRITABILITY = 1;
    private static final int PAUSED_FOR_IN_FLIGHT = 2;
    private static final int PAUSED_FOR_MEMORY = 4;

    private final RequestDispatcher dispatcher;
    private final Executor executor;
    private final RequestMemory memory;
    private final ConnectionTracker tracker;
    private final int maxInFlight;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private int pauseReasons;

    ConnectionHandler(RequestDispatcher dispatcher, Executor executor, RequestMemory memory, ConnectionTracker tracker,
            int maxInFlight) {
        this.dispatcher = dispatcher;
        this.executor = new SerialExecutor(executor);
        this.memory = memory;
        this.tracker = tracker;
        this.maxInFlight = maxInFlight;
    }

    /** A request whose response has not been written yet. */
    private static final class InFlight {
        Response response;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        int size = frame.readableBytes();
        ByteBuffer body = frame.nioBufferCount() == 1 ? frame.nioBuffer() : copyOf(frame);
        RequestHeader header;
        try {
            header = RequestHeader.read(body);
        } catch (RuntimeException e) {
            frame.release();
            log.warn("closing connection from {}: a {}-byte frame is too short for a request header",
                    ctx.channel().remoteAddress(), size);
            ctx.close();
            return;
        }
        InFlight slot = new InFlight();
        inFlight.add(slot);
        tracker.requestStarted();
        if (inFlight.size() >= maxInFlight) {
            pause(PAUSED_FOR_IN_FLIGHT);
        }
        try {
            executor.execute(() -> serve(header, body, frame, size, slot));
        } catch (RejectedExecutionException e) {
            frame.release();
            memory.release(size);
            complete(slot, Response.error(header.correlationId(), ErrorCode.BROKER_NOT_AVAILABLE,
                    "the broker is shutting down"));
        }
    }

    /** Runs on an I/O thread. */
    private void serve(RequestHeader header, ByteBuffer body, ByteBuf frame, int size, InFlight slot) {
        CompletableFuture<Response> served;
        try {
            served = dispatcher.dispatch(header, body);
        } catch (Throwable e) {
            log.error("request {} from {} failed", header, context.channel().remoteAddress(), e);
            served = CompletableFuture.completedFuture(Response.error(header.correlationId(),
                    ErrorCode.UNKNOWN_SERVER_ERROR, "the broker failed unexpectedly; see its log"));
        }
        served.whenComplete((response, failure) -> {
            // The request's bytes are held until its response exists, whatever the handler does with them.
            frame.release();
            memory.release(size);
            Response result = failure == null ? response : Response.error(header.correlationId(),
                    ErrorCode.UNKNOWN_SERVER_ERROR, "the broker failed unexpectedly; see its log");
            context.executor().execute(() -> complete(slot, result));
        });
    }

    private void complete(InFlight slot, Response response) {
        slot.response = response;
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().response != null) {
            Response next = inFlight.poll().response;
            if (!next.isNone() && context.channel().isActive()) {
                write(next);
                wrote = true;
            } else {
                tracker.requestFinished();
            }
        }
        if (wrote) {
            context.flush();
        }
        if (inFlight.size() < maxInFlight) {
            resume(PAUSED_FOR_IN_FLIGHT);
        }
    }

    private void write(Response response) {
        int bodySize = response.body() == null ? 0 : response.body().sizeInBytes();
        int frameSize = response.header().sizeInBytes() + bodySize;
        NettyMessageOutput out = new NettyMessageOutput(context.alloc(), 4 + Math.min(frameSize, 64 * 1024));
        List<Object> parts;
        try {
            out.writeInt(frameSize);
            response.header().writeTo(out);
            if (response.body() != null) {
                response.body().writeTo(out);
            }
            parts = out.finish();
        } catch (RuntimeException e) {
            out.discard();
            tracker.requestFinished();
            log.error("could not encode the response to correlation id {}; closing the connection from {}",
                    response.header().correlationId(), context.channel().remoteAddress(), e);
            context.close();
            return;
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            context.write(parts.get(i), context.voidPromise());
        }
        // A request counts as finished once its response has left for the socket, so that a
        // shutdown that waits for requests to finish does not cut responses off.
        context.write(parts.get(parts.size() - 1)).addListener(written -> tracker.requestFinished());
    }

    /** Called by the frame decoder, on the event loop, when the next request does not fit in memory. */
    void pauseForMemory(int bytes) {
        pause(PAUSED_FOR_MEMORY);
        memory.park(this, bytes);
    }

    /** Called from any thread by {@link RequestMemory} when memory is available again. */
    void memoryAvailable() {
        context.executor().execute(() -> {
            resume(PAUSED_FOR_MEMORY);
            if (context.channel().isActive()) {
                // The frame waiting for memory may already be buffered: decode it without new bytes.
                context.pipeline().fireChannelRead(io.netty.buffer.Unpooled.EMPTY_BUFFER);
            }
        });
    }

    private void pause(int reason) {
        pauseReasons |= reason;
        context.channel().config().setAutoRead(false);
    }

    private void resume(int reason) {
        if ((pauseReasons & reason) == 0) {
            return;
        }
        pauseReasons &= ~reason;
        if (pauseReasons == 0) {
            context.channel().config().setAutoRead(true);
            context.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resume(PAUSED_FOR_WRITABILITY);
        } else {
            pause(PAUSED_FOR_WRITABILITY);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Responses still being served will find the channel closed and be dropped.
        tracker.requestsAbandoned(inFlight.size());
        inFlight.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            log.info("closing idle connection from {}", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            log.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private static ByteBuffer copyOf(ByteBuf frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.readableBytes());
        frame.getBytes(frame.readerIndex(), copy);
        return copy.flip();
    }
}
