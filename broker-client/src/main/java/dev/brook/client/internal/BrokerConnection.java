package dev.brook.client.internal;

import dev.brook.protocol.errors.AuthenticationException;
import dev.brook.protocol.errors.BrookException;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.NetworkException;
import dev.brook.protocol.errors.TimeoutException;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.RequestHeader;
import dev.brook.protocol.wire.ResponseHeader;
import dev.brook.protocol.wire.SaslAuthBytes;
import dev.brook.protocol.wire.SaslHandshakeRequest;
import dev.brook.protocol.wire.SaslHandshakeResponse;
import dev.brook.protocol.wire.Wire;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a broker, speaking Brook's protocol. Requests may be sent from any thread
 * and pipelined; they are tracked in the order they were written, and each response must answer
 * the oldest one outstanding. A response that does not (a correlation id out of order), a request
 * that times out, or a lost connection means the stream can no longer be trusted: the connection
 * closes and every request still outstanding fails with a retriable {@link BrookException}
 * ({@code NETWORK_EXCEPTION} or {@code REQUEST_TIMED_OUT}).
 *
 * <p>Thread-safe. The queue of outstanding requests is confined to the channel's event loop.
 */
public final class BrokerConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    private final Channel channel;
    private final String clientId;
    private final long requestTimeoutMs;
    private final int maxInFlight;
    private final ArrayDeque<Pending<?>> pending = new ArrayDeque<>();
    private int nextCorrelationId;
    private volatile String closeReason;
    /**
     * Set on the event loop once the connection is closed and every request it held has failed;
     * read by {@link BrokerClient} before it opens the next connection.
     */
    private volatile boolean terminated;

    private BrokerConnection(Channel channel, String clientId, long requestTimeoutMs, int maxInFlight) {
        this.channel = channel;
        this.clientId = clientId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxInFlight = maxInFlight;
    }

    /** Settings for connections: {@code tls} and {@code sasl} are null when not used. */
    public record Settings(String clientId, int connectTimeoutMs, long requestTimeoutMs, int maxInFlight,
            int maxResponseBytes, ClientTls tls, ClientSasl sasl) {
        /** Settings for a plaintext connection. */
        public Settings(String clientId, int connectTimeoutMs, long requestTimeoutMs, int maxInFlight,
                int maxResponseBytes) {
            this(clientId, connectTimeoutMs, requestTimeoutMs, maxInFlight, maxResponseBytes, null, null);
        }

        /** Settings for a connection with the TLS and SASL of {@code security}. */
        public static Settings of(String clientId, int connectTimeoutMs, long requestTimeoutMs, int maxInFlight,
                int maxResponseBytes, dev.brook.client.ClientSecurity security) {
            return new Settings(clientId, connectTimeoutMs, requestTimeoutMs, maxInFlight, maxResponseBytes,
                    ClientTls.of(security), ClientSasl.of(security));
        }
    }

    /**
     * Connects, then (with TLS) completes the TLS handshake, then (with SASL) authenticates, and only
     * then completes. The future fails with a retriable {@code NETWORK_EXCEPTION} naming the address
     * when the broker cannot be reached, and with a {@link AuthenticationException}, which is not
     * retriable, when the broker refuses the user.
     */
    public static CompletableFuture<BrokerConnection> connect(EventLoopGroup group, InetSocketAddress address,
            Settings settings) {
        CompletableFuture<BrokerConnection> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (settings.tls() != null) {
                            ch.pipeline().addLast("tls", settings.tls().newHandler(ch.alloc(),
                                    address.getHostString(), address.getPort()));
                        }
                        ch.pipeline().addLast("frames", new LengthFieldBasedFrameDecoder(
                                settings.maxResponseBytes() + 4, 0, 4, 0, 4, true));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(address);
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new ConnectFailedException("cannot connect to a broker at "
                        + address.getHostString() + ":" + address.getPort() + ": " + done.cause().getMessage(),
                        done.cause()));
                return;
            }
            Channel channel = connecting.channel();
            BrokerConnection connection = new BrokerConnection(channel, settings.clientId(),
                    settings.requestTimeoutMs(), settings.maxInFlight());
            channel.pipeline().addLast("responses", connection.new ResponseHandler());
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls == null) {
                connection.authenticate(settings.sasl(), address, result);
                return;
            }
            // Connected once TLS is: a broker whose certificate is not trusted is a failed connection.
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    connection.authenticate(settings.sasl(), address, result);
                } else {
                    channel.close();
                    result.completeExceptionally(new ConnectFailedException("TLS handshake with the broker at "
                            + address.getHostString() + ":" + address.getPort() + " failed: "
                            + handshake.cause().getMessage(), handshake.cause()));
                }
            });
        });
        return result;
    }

    /**
     * SaslHandshake, then SaslAuthenticate until the mechanism completes; completes {@code result}
     * with this connection once authenticated (at once without SASL). Nothing else is sent before.
     */
    private void authenticate(ClientSasl sasl, InetSocketAddress address, CompletableFuture<BrokerConnection> result) {
        if (sasl == null) {
            result.complete(this);
            return;
        }
        String broker = address.getHostString() + ":" + address.getPort();
        ClientSasl.Exchange exchange = sasl.start();
        send(ApiKey.SASL_HANDSHAKE, new SaslHandshakeRequest(sasl.mechanism()), SaslHandshakeResponse::read)
                .thenCompose(handshake -> step(exchange.first()))
                .thenCompose(challenge -> continueWith(exchange, challenge))
                .whenComplete((done, failure) -> {
                    if (failure == null) {
                        log.debug("authenticated to {} as '{}' with {}", broker, sasl.username(), sasl.mechanism());
                        result.complete(this);
                        return;
                    }
                    Throwable cause = BrokerClient.unwrap(failure);
                    channel.close();
                    if (cause instanceof AuthenticationException refused) {
                        result.completeExceptionally(new AuthenticationException(refused.errorCode(), "SASL "
                                + sasl.mechanism() + " authentication of user '" + sasl.username() + "' with the broker"
                                + " at " + broker + " failed: " + refused.getMessage()));
                    } else if (cause instanceof BrookException brook && brook.errorCode() == ErrorCode.UNSUPPORTED_VERSION) {
                        result.completeExceptionally(new AuthenticationException(ErrorCode.UNSUPPORTED_SASL_MECHANISM,
                                "the broker at " + broker + " does not speak SASL (" + cause.getMessage()
                                        + "): it is older than this client, or use security.protocol without SASL"));
                    } else {
                        result.completeExceptionally(cause);
                    }
                });
    }

    private CompletableFuture<byte[]> step(byte[] message) {
        return send(ApiKey.SASL_AUTHENTICATE, new SaslAuthBytes(message), SaslAuthBytes::read)
                .thenApply(SaslAuthBytes::authBytes);
    }

    private CompletableFuture<Void> continueWith(ClientSasl.Exchange exchange, byte[] challenge) {
        byte[] next = exchange.next(challenge);
        return next == null ? CompletableFuture.completedFuture(null)
                : step(next).thenCompose(answer -> continueWith(exchange, answer));
    }

    public boolean isOpen() {
        return channel.isActive() && closeReason == null;
    }

    /**
     * Whether the connection is closed and every request it held has been failed. Until then a
     * request written to it fails at once rather than going out on a new connection ahead of the
     * older requests still to be failed (and retried) here.
     */
    public boolean isTerminated() {
        return terminated;
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    /**
     * Sends a request at version 0 and returns its decoded response. A response whose header
     * carries an error fails the future with that error's typed exception.
     */
    public <T> CompletableFuture<T> send(ApiKey api, Message request, BiFunction<ByteBuffer, Short, T> reader) {
        CompletableFuture<T> future = new CompletableFuture<>();
        channel.eventLoop().execute(() -> write(api, request, reader, future));
        return future;
    }

    /** Sends a request that gets no response (a produce with acks=0); completes once written. */
    public CompletableFuture<Void> sendWithoutResponse(ApiKey api, Message request) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (!checkWritable(future)) {
                return;
            }
            ByteBuf frame = encode(api, request, nextCorrelationId++, future);
            if (frame != null) {
                channel.writeAndFlush(frame).addListener(written -> {
                    if (written.isSuccess()) {
                        future.complete(null);
                    } else {
                        future.completeExceptionally(networkError("write failed: " + written.cause()));
                    }
                });
            }
        });
        return future;
    }

    private <T> void write(ApiKey api, Message request, BiFunction<ByteBuffer, Short, T> reader,
            CompletableFuture<T> future) {
        if (!checkWritable(future)) {
            return;
        }
        if (pending.size() >= maxInFlight) {
            // Retriable: the connection is fine, only busy (metadata look-ups from many threads
            // queued behind slow answers, for example); a retry after the backoff finds room.
            future.completeExceptionally(new NetworkException("too many requests in flight to "
                    + channel.remoteAddress() + " (the limit is " + maxInFlight + "); not sent"));
            return;
        }
        int correlationId = nextCorrelationId++;
        ByteBuf frame = encode(api, request, correlationId, future);
        if (frame == null) {
            return;
        }
        Pending<T> entry = new Pending<>(api, correlationId, reader, future);
        entry.timeout = channel.eventLoop().schedule(() -> closeWith(new TimeoutException(api.displayName()
                + " request to " + channel.remoteAddress() + " got no response within " + requestTimeoutMs + " ms")),
                requestTimeoutMs, TimeUnit.MILLISECONDS);
        pending.add(entry);
        channel.writeAndFlush(frame).addListener(written -> {
            if (!written.isSuccess()) {
                closeWith(networkError("could not write to " + channel.remoteAddress() + ": " + written.cause()));
            }
        });
    }

    private boolean checkWritable(CompletableFuture<?> future) {
        if (closeReason != null || !channel.isActive()) {
            future.completeExceptionally(networkError("the connection to " + channel.remoteAddress() + " is closed"
                    + (closeReason == null ? "" : ": " + closeReason)));
            return false;
        }
        return true;
    }

    private ByteBuf encode(ApiKey api, Message request, int correlationId, CompletableFuture<?> future) {
        RequestHeader header = new RequestHeader(api.id(), api.latestVersion(), correlationId, clientId);
        int size = header.sizeInBytes() + request.sizeInBytes();
        ByteBufMessageOutput out = new ByteBufMessageOutput(channel.alloc(), 4 + Math.min(size, 64 * 1024));
        try {
            out.writeInt(size);
            header.writeTo(out);
            request.writeTo(out);
            return out.finish();
        } catch (RuntimeException e) {
            out.discard();
            future.completeExceptionally(e);
            return null;
        }
    }

    private void closeWith(BrookException failure) {
        if (closeReason == null) {
            closeReason = failure.getMessage();
            log.debug("closing connection to {}: {}", channel.remoteAddress(), closeReason);
        }
        channel.close();
        failAll(failure);
        terminated = !channel.isActive();
    }

    private void failAll(BrookException failure) {
        Pending<?> entry;
        while ((entry = pending.poll()) != null) {
            entry.timeout.cancel(false);
            entry.future.completeExceptionally(failure);
        }
    }

    private BrookException networkError(String message) {
        return new NetworkException(message);
    }

    /** Closes the connection; requests outstanding fail with {@code NETWORK_EXCEPTION}. Idempotent. */
    @Override
    public void close() {
        channel.eventLoop().execute(() -> closeWith(networkError("the client closed the connection to "
                + channel.remoteAddress())));
    }

    private static final class Pending<T> {
        final ApiKey api;
        final int correlationId;
        final BiFunction<ByteBuffer, Short, T> reader;
        final CompletableFuture<T> future;
        ScheduledFuture<?> timeout;

        Pending(ApiKey api, int correlationId, BiFunction<ByteBuffer, Short, T> reader, CompletableFuture<T> future) {
            this.api = api;
            this.correlationId = correlationId;
            this.reader = reader;
            this.future = future;
        }

        void complete(ResponseHeader header, ByteBuffer body) {
            timeout.cancel(false);
            if (header.errorCode() != ErrorCode.NONE) {
                future.completeExceptionally(header.errorCode().exception(header.errorMessage() == null
                        ? header.errorCode().description() : header.errorMessage()));
                return;
            }
            T response;
            try {
                response = Wire.read(body, api.displayName() + " response", b -> reader.apply(b, api.latestVersion()));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            future.complete(response);
        }
    }

    /** Matches response frames to the oldest outstanding request. Runs on the event loop. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ByteBuffer bytes = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(bytes);
            bytes.flip();
            ResponseHeader header;
            try {
                header = ResponseHeader.read(bytes);
            } catch (RuntimeException e) {
                closeWith(networkError("a response from " + channel.remoteAddress() + " is too short for a header"));
                return;
            }
            Pending<?> head = pending.peek();
            if (head == null || head.correlationId != header.correlationId()) {
                closeWith(networkError("a response from " + channel.remoteAddress() + " has correlation id "
                        + header.correlationId() + " where " + (head == null ? "none" : head.correlationId)
                        + " was expected; the stream cannot be trusted"));
                return;
            }
            pending.poll();
            head.complete(header, bytes.slice());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeWith(networkError("the connection to " + channel.remoteAddress() + " was closed"
                    + (closeReason == null ? " by the broker" : ": " + closeReason)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeWith(networkError("the connection to " + channel.remoteAddress() + " failed: " + cause.getMessage()));
        }
    }
}
