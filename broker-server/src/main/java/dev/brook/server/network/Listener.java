package dev.brook.server.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener serving one {@link WireProtocol} (Brook's own, or Apache Kafka's): Netty on
 * {@link EventLoops} shared with the server's other listeners, framing by a 32-bit size checked against
 * {@code socket.request.max.bytes} before anything is buffered, an idle timeout, a connection cap,
 * and a {@link ConnectionHandler} per connection serving requests in order.
 *
 * <p>Thread-safe: {@link #start} once, {@link #close} any number of times.
 */
public final class Listener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    /** The listener's settings. */
    public record Settings(String host, int port, int maxRequestBytes, long queuedMaxRequestBytes, int maxConnections,
            int maxInFlightRequestsPerConnection, long connectionsMaxIdleMs, int networkThreads) {
    }

    private final Settings settings;
    private final WireProtocol protocol;
    private final Executor executor;
    private final ConnectionTracker tracker;
    private final RequestMemory memory;
    private final SslContext tls;
    private final ChannelGroup channels = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final EventLoops loops;
    private Channel serverChannel;
    private InetSocketAddress address;

    /**
     * A listener on the shared {@code loops}, whose requests count against {@code memory}, shared
     * with other listeners, and that speaks TLS only when {@code tls} is not null: the frame
     * decoder reads what the {@code SslHandler} decrypted, and a client that fails the handshake (a
     * plaintext one included) is logged once and disconnected without a byte of the protocol. The
     * loops are the caller's, to close after the listener.
     */
    public Listener(Settings settings, WireProtocol protocol, Executor executor, RequestMemory memory,
            SslContext tls, EventLoops loops) {
        this.tls = tls;
        this.settings = settings;
        this.protocol = protocol;
        this.executor = executor;
        this.tracker = new ConnectionTracker(settings.maxConnections());
        this.memory = memory;
        this.loops = loops;
    }

    /** Binds and starts accepting; returns the bound address (the real port when 0 was asked). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.accept(), loops.io())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        ConnectionHandler connection = new ConnectionHandler(
                                protocol.open(channel.remoteAddress()), executor, memory, tracker,
                                settings.maxInFlightRequestsPerConnection());
                        channel.pipeline()
                                .addLast("tracker", tracker)
                                .addLast("idle", new IdleStateHandler(0, 0, settings.connectionsMaxIdleMs(),
                                        TimeUnit.MILLISECONDS));
                        if (tls != null) {
                            channel.pipeline()
                                    .addLast("tls", tls.newHandler(channel.alloc()))
                                    .addLast("tls-handshake", new TlsHandshakeWatcher())
                                    // Pulls the copier's chunks only while the connection is writable.
                                    .addLast("tls-chunks", new ChunkedWriteHandler())
                                    .addLast("tls-file-regions", new FileRegionCopier());
                        }
                        channel.pipeline()
                                .addLast("frames", new RequestFrameDecoder(settings.maxRequestBytes(), memory,
                                        connection))
                                .addLast("requests", connection);
                    }
                });
        // An IP literal (the default, 127.0.0.1) is parsed without a name lookup.
        serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        address = (InetSocketAddress) serverChannel.localAddress();
        log.debug("{} listening on {} with the {} transport{}", protocol.name(), address, loops.transport(),
                tls != null ? ", TLS only" : "");
        return address;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Stops accepting new connections; existing ones are served on. */
    public synchronized void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Waits until every request received has been answered, or the timeout passes; returns whether it drained. */
    public boolean awaitDrained(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (tracker.pendingRequests() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Bytes reserved for requests being received or served. */
    public long reservedRequestBytes() {
        return memory.used();
    }

    /** The number of open connections. */
    public int connectionCount() {
        return tracker.connections();
    }

    /** Closes every connection; the event loops are the caller's to stop. Idempotent. */
    @Override
    public synchronized void close() {
        stopAccepting();
        channels.close().awaitUninterruptibly();
    }
}
