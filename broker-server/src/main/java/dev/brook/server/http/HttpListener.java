package dev.brook.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 listener for operators: one thread, Netty's HTTP codec, requests of at most
 * {@value #MAX_REQUEST_BYTES} bytes. It starts before the broker loads its logs, so that
 * {@code /health} answers at once and {@code /ready} tells an orchestrator to wait:
 *
 * <ul>
 *   <li>{@code GET /health}: 200 {@code {"status":"UP"}} while the process runs;
 *   <li>{@code GET /ready}: 200 {@code {"status":"READY"}} once the logs are loaded and the
 *       listeners accept, else 503 {@code {"status":"NOT_READY","reason":"..."}};
 *   <li>{@code GET /metrics}: every metric in Prometheus's text format (503 until the broker is loaded,
 *       404 when metrics are disabled);
 *   <li>anything else: 404, and 405 for a method other than GET or HEAD.
 * </ul>
 *
 * <p>Thread-safe: {@link #start} once, {@link #attach} once the broker is up, {@link #close} any
 * number of times.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final String LOADING = "the broker is loading its logs";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final EventLoopGroup group;
    private Channel channel;
    /** Read by the event loop; null until the broker is loaded. */
    private volatile HttpEndpoints endpoints;
    private boolean closed;

    private HttpListener(EventLoopGroup group) {
        this.group = group;
    }

    /** Binds {@code host:port} (0 for a free port) and starts answering; the broker is "loading" until {@link #attach}. */
    public static HttpListener start(String host, int port) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("brook-http", true),
                NioIoHandler.newFactory());
        HttpListener listener = new HttpListener(group);
        Routes routes = listener.new Routes();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                routes);
                    }
                });
        try {
            Channel bound = bootstrap.bind(host, port).sync().channel();
            synchronized (listener) {
                listener.channel = bound;
            }
            return listener;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while binding the HTTP listener to " + host + ":" + port, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("could not listen for HTTP on " + host + ":" + port + " (http.port): " + e, e);
        }
    }

    /** Starts answering {@code /ready} and {@code /metrics} from the server. */
    public void attach(HttpEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    public synchronized InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers one connection's requests. */
    @ChannelHandler.Sharable
    private final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            try {
                response = route(request);
            } catch (RuntimeException e) {
                log.warn("HTTP {} {} failed", request.method(), request.uri(), e);
                response = json(HttpResponseStatus.INTERNAL_SERVER_ERROR, "{\"status\":\"ERROR\"}");
            }
            if (request.method().equals(HttpMethod.HEAD)) {
                FullHttpResponse full = response;
                response = new DefaultFullHttpResponse(full.protocolVersion(), full.status(), Unpooled.EMPTY_BUFFER,
                        full.headers(), full.trailingHeaders());
                full.release();
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse route(FullHttpRequest request) {
            if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                return json(HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"status\":\"METHOD_NOT_ALLOWED\"}");
            }
            HttpEndpoints server = endpoints;
            switch (new QueryStringDecoder(request.uri()).path()) {
                case "/health":
                    return json(HttpResponseStatus.OK, "{\"status\":\"UP\"}");
                case "/ready": {
                    String reason = server == null ? LOADING : server.notReadyReason();
                    return reason == null ? json(HttpResponseStatus.OK, "{\"status\":\"READY\"}")
                            : json(HttpResponseStatus.SERVICE_UNAVAILABLE,
                                    "{\"status\":\"NOT_READY\",\"reason\":\"" + escape(reason) + "\"}");
                }
                case "/metrics": {
                    if (server == null) {
                        return text(HttpResponseStatus.SERVICE_UNAVAILABLE, LOADING + "\n", "text/plain; charset=utf-8");
                    }
                    String metrics = server.metrics();
                    return metrics != null ? text(HttpResponseStatus.OK, metrics, PROMETHEUS_TEXT)
                            : json(HttpResponseStatus.NOT_FOUND,
                                    "{\"status\":\"NOT_FOUND\",\"reason\":\"metrics are disabled (metrics.enabled=false)\"}");
                }
                default:
                    return json(HttpResponseStatus.NOT_FOUND, "{\"status\":\"NOT_FOUND\"}");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static FullHttpResponse json(HttpResponseStatus status, String body) {
        return text(status, body + "\n", HttpHeaderValues.APPLICATION_JSON.toString());
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
