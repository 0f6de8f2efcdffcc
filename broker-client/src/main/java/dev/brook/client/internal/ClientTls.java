package dev.brook.client.internal;

import dev.brook.client.ClientSecurity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of TLS for a {@link ClientSecurity}: a Netty context built once per client,
 * and a handler per connection that checks the broker's certificate names the host when
 * {@code ssl.endpoint.identification.algorithm} asks for it.
 *
 * <p>Immutable; thread-safe.
 */
public final class ClientTls {
    private final SslContext context;
    private final String endpointIdentification;

    private ClientTls(SslContext context, String endpointIdentification) {
        this.context = context;
        this.endpointIdentification = endpointIdentification;
    }

    /**
     * The TLS of {@code security}, or null for plaintext.
     *
     * @throws IllegalArgumentException naming the setting whose store cannot be read
     */
    public static ClientTls of(ClientSecurity security) {
        if (!security.tls()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (security.truststoreLocation() != null) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load("ssl.truststore.location", security.truststoreLocation(), security.truststoreType(),
                        security.truststorePassword()));
                builder.trustManager(trust);
            }
            if (security.keystoreLocation() != null) {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String password = security.keyPassword() != null ? security.keyPassword() : security.keystorePassword();
                keys.init(load("ssl.keystore.location", security.keystoreLocation(), security.keystoreType(),
                        security.keystorePassword()), password == null ? new char[0] : password.toCharArray());
                builder.keyManager(keys);
            }
            return new ClientTls(builder.build(), security.endpointIdentificationAlgorithm());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS (" + security + "): " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String key, String location, String type, String password)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new IOException("cannot read " + key + "=" + location + ": " + e.getMessage(), e);
        }
    }

    /** A handler for one connection to {@code host:port}. */
    SslHandler newHandler(ByteBufAllocator allocator, String host, int port) {
        SslHandler handler = context.newHandler(allocator, host, port);
        if (endpointIdentification != null && !endpointIdentification.isEmpty()) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(endpointIdentification.toUpperCase(java.util.Locale.ROOT));
            engine.setSSLParameters(parameters);
        }
        return handler;
    }
}
