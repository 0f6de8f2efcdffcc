package dev.brook.server.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@code SslHandler} of a TLS listener and turns a failed handshake (a
 * plaintext client, an untrusted or missing client certificate, no common TLS version) into one
 * log line naming the client and the reason, and a closed connection. Nothing was decrypted, so
 * nothing reached the protocol and nothing is answered. The TLS exceptions that come with the
 * failure stop here, so the connection's own handler does not log them a second time.
 *
 * <p>One instance per connection; used on its event loop only.
 */
final class TlsHandshakeWatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeWatcher.class);

    private boolean handshakeFailed;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
            if (!handshakeFailed) {
                handshakeFailed = true;
                Throwable cause = completion.cause();
                if (cause instanceof java.nio.channels.ClosedChannelException) {
                    // The client went away mid-handshake: nothing was refused.
                    log.debug("connection from {} closed during the TLS handshake", ctx.channel().remoteAddress());
                    ctx.close();
                    return;
                }
                log.warn("closing connection from {}: TLS handshake failed: {}", ctx.channel().remoteAddress(),
                        cause.getMessage() != null ? cause.getMessage() : cause.toString());
            }
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean tls = cause instanceof SSLException
                || (cause instanceof DecoderException && cause.getCause() instanceof SSLException);
        if (tls) {
            if (!handshakeFailed) {
                log.warn("closing connection from {}: TLS failed: {}", ctx.channel().remoteAddress(),
                        cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage());
            }
            handshakeFailed = true;
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
