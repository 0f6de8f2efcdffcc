package dev.brook.server.network;

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
import java.util.concurrent.CancellationException;
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
 * frame its protocol cannot read a request header from. Everything after the header is answered
 * with an error response instead.
 *
 * <p>Thread safety: every field is touched only on the channel's event loop, except where a
 * method says otherwise.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int PAUSED_FOR_WRITABILITY = 1;
    private static final int PAUSED_FOR_IN_FLIGHT = 2;
    private static final int PAUSED_FOR_MEMORY = 4;

    private final ProtocolSession session;
    private final Executor executor;
    private final RequestMemory memory;
    private final ConnectionTracker tracker;
    private final int maxInFlight;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private int pauseReasons;
    /** Set once a response that closes the connection is written: nothing more is read or written. */
    private boolean closing;

    ConnectionHandler(ProtocolSession session, Executor executor, RequestMemory memory, ConnectionTracker tracker,
            int maxInFlight) {
        this.session = session;
        this.executor = new SerialExecutor(executor);
        this.memory = memory;
        this.tracker = tracker;
        this.maxInFlight = maxInFlight;
    }

    /** A request whose response has not been written yet. */
    private static final class InFlight {
        OutgoingResponse response;
        /** The response being served; set by the I/O thread, read by the event loop at close. */
        volatile CompletableFuture<OutgoingResponse> served;
        /** Set by the event loop when the connection closes; read by the I/O thread. */
        volatile boolean abandoned;

        /**
         * Stops waiting for a response nobody will read (a long poll of a closed connection), so
         * that its request's bytes and memory reservation are given back now rather than when it
         * would have been answered: up to the client's max wait, which the client chooses.
         */
        void abandon() {
            abandoned = true;
            CompletableFuture<OutgoingResponse> pending = served;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        int size = frame.readableBytes();
        if (closing) {
            frame.release();
            memory.release(size);
            return;
        }
        ByteBuffer body = frame.nioBufferCount() == 1 ? frame.nioBuffer() : copyOf(frame);
        IncomingRequest request;
        try {
            request = session.read(body);
        } catch (RuntimeException e) {
            frame.release();
            memory.release(size);
            log.warn("closing connection from {}: a {}-byte frame is not a request it can serve: {}",
                    ctx.channel().remoteAddress(), size, e.getMessage() != null ? e.getMessage() : e.toString());
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
            executor.execute(() -> serve(request, frame, size, slot));
        } catch (RejectedExecutionException e) {
            frame.release();
            memory.release(size);
            complete(slot, request.failure(true));
        }
    }

    /** Runs on an I/O thread. */
    private void serve(IncomingRequest request, ByteBuf frame, int size, InFlight slot) {
        CompletableFuture<OutgoingResponse> served;
        try {
            served = request.serve();
        } catch (Throwable e) {
            log.error("request {} from {} failed", request.describe(), context.channel().remoteAddress(), e);
            served = CompletableFuture.completedFuture(request.failure(false));
        }
        slot.served = served;
        if (slot.abandoned) {
            served.cancel(false);
        }
        served.whenComplete((response, failure) -> {
            // The request's bytes are held until its response exists, whatever the handler does with them.
            frame.release();
            memory.release(size);
            if (failure instanceof CancellationException) {
                return; // abandoned: its connection has closed
            }
            OutgoingResponse result = response;
            if (failure != null) {
                log.error("request {} from {} failed", request.describe(), context.channel().remoteAddress(), failure);
                result = request.failure(false);
            }
            OutgoingResponse toSend = result;
            context.executor().execute(() -> complete(slot, toSend));
        });
    }

    private void complete(InFlight slot, OutgoingResponse response) {
        slot.response = response;
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().response != null) {
            OutgoingResponse next = inFlight.poll().response;
            if (!next.isNone() && context.channel().isActive() && !closing) {
                write(next);
                wrote = true;
                if (next.closesConnection()) {
                    closing = true;
                    context.channel().config().setAutoRead(false);
                }
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

    private void write(OutgoingResponse response) {
        List<Object> parts;
        try {
            parts = response.encode(context.alloc());
        } catch (RuntimeException e) {
            tracker.requestFinished();
            log.error("could not encode a response; closing the connection from {}", context.channel().remoteAddress(), e);
            context.close();
            return;
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            context.write(parts.get(i), context.voidPromise());
        }
        // A request counts as finished once its response has left for the socket, so that a
        // shutdown that waits for requests to finish does not cut responses off.
        io.netty.channel.ChannelFuture last = context.write(parts.get(parts.size() - 1));
        last.addListener(written -> tracker.requestFinished());
        if (response.closesConnection()) {
            last.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    /** The session's own frame limit ({@link ProtocolSession#maxFrameBytes}), for the frame decoder. */
    int sessionMaxFrameBytes() {
        return session.maxFrameBytes();
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
                // The frame waiting for memory may already be buffered: decode it without new bytes,
                // straight in the frame decoder (a TLS handler before it would swallow an empty read).
                ChannelHandlerContext frames = context.pipeline().context(RequestFrameDecoder.class);
                try {
                    ((RequestFrameDecoder) frames.handler()).channelRead(frames, io.netty.buffer.Unpooled.EMPTY_BUFFER);
                } catch (Exception e) {
                    frames.fireExceptionCaught(e);
                }
            }
        });
    }

    private void pause(int reason) {
        pauseReasons |= reason;
        context.channel().config().setAutoRead(false);
    }

    private void resume(int reason) {
        if ((pauseReasons & reason) == 0 || closing) {
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
        // Responses still being served will find the channel closed and be dropped; those waiting
        // (long polls) stop waiting.
        tracker.requestsAbandoned(inFlight.size());
        for (InFlight slot : inFlight) {
            slot.abandon();
        }
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
