package dev.brook.server.network;

import dev.brook.server.NetworkTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops that a server's {@link Listener}s share: one accept loop for all their
 * server sockets and {@code num.network.threads} loops for their connections, on the transport
 * {@code network.transport} names.
 *
 * <p>Shared rather than one pair per listener because each loop costs an epoll instance, an
 * eventfd and, once it runs, a thread: Brook's and Kafka's listeners used to make four groups, and
 * their creation and first tasks were a visible part of a start. Netty starts a loop's thread on
 * its first task, so a loop that never gets a connection never costs a thread.
 *
 * <p>Thread-safe. {@link #close()} is idempotent; the listeners using the loops must be closed
 * first.
 */
public final class EventLoops implements AutoCloseable {
    private final boolean epoll;
    private final EventLoopGroup accept;
    private final EventLoopGroup io;
    private boolean closed;

    /**
     * Loops for listeners whose connections are served by {@code networkThreads} threads on
     * {@code transport}; fails naming the cause when epoll is asked for and not available.
     */
    public EventLoops(int networkThreads, NetworkTransport transport) {
        if (networkThreads < 1) {
            throw new IllegalArgumentException("num.network.threads must be at least 1, got " + networkThreads);
        }
        this.epoll = useEpoll(transport);
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.accept = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("brook-accept", true), factory);
        this.io = new MultiThreadIoEventLoopGroup(networkThreads, new DefaultThreadFactory("brook-network", true),
                factory);
    }

    // Epoll is only touched when it may be used: its class initialization loads the native library.
    private static boolean useEpoll(NetworkTransport transport) {
        switch (transport) {
            case NIO:
                return false;
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("network.transport=epoll, but epoll is not available here: "
                            + Epoll.unavailabilityCause());
                }
                return true;
            default:
                return Epoll.isAvailable();
        }
    }

    /**
     * Creates the loops on a new short-lived thread, so that the caller can do other start-up work
     * meanwhile: Netty's first use in a JVM (its platform probes, loading the epoll library,
     * several hundred classes) is a large part of a server's start, and independent of loading
     * the logs. The future fails with what the constructor threw.
     */
    public static CompletableFuture<EventLoops> createInBackground(int networkThreads, NetworkTransport transport) {
        CompletableFuture<EventLoops> loops = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                loops.complete(new EventLoops(networkThreads, transport));
            } catch (RuntimeException | Error e) {
                loops.completeExceptionally(e);
            }
        }, "brook-start-network");
        thread.setDaemon(true);
        thread.start();
        return loops;
    }

    /** The loops once created, failing with what their creation threw (unwrapped). */
    public static EventLoops await(CompletableFuture<EventLoops> loops) {
        try {
            return loops.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Closes the loops when (if) they are created: for a start that failed while they were. */
    public static void closeWhenCreated(CompletableFuture<EventLoops> loops) {
        loops.thenAccept(EventLoops::close);
    }

    /** The loop that accepts connections. */
    EventLoopGroup accept() {
        return accept;
    }

    /** The loops that read and write connections. */
    EventLoopGroup io() {
        return io;
    }

    /** The server socket type of this transport. */
    Class<? extends ServerChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The transport's name, for logs. */
    String transport() {
        return epoll ? "epoll" : "NIO";
    }

    /** Stops the loops' threads, waiting up to a few seconds for their last tasks. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            accept.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            io.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
