package dev.brook.server.network;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open connections, closing any beyond {@code max.connections} as soon as it is accepted,
 * and counts requests not yet answered, so that a shutdown can wait for them.
 *
 * <p>Thread-safe; one instance serves every connection of a listener.
 */
@ChannelHandler.Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionTracker.class);

    private final int maxConnections;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger pendingRequests = new AtomicInteger();

    ConnectionTracker(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (connections.incrementAndGet() > maxConnections) {
            log.warn("refusing connection from {}: max.connections={} reached", ctx.channel().remoteAddress(),
                    maxConnections);
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connections.decrementAndGet();
        ctx.fireChannelInactive();
    }

    int connections() {
        return connections.get();
    }

    int pendingRequests() {
        return pendingRequests.get();
    }

    void requestStarted() {
        pendingRequests.incrementAndGet();
    }

    void requestFinished() {
        pendingRequests.decrementAndGet();
    }

    void requestsAbandoned(int count) {
        pendingRequests.addAndGet(-count);
    }
}
