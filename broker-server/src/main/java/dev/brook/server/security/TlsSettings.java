package dev.brook.server.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How one listener speaks TLS, in Kafka's terms: the server's key and certificate come from a
 * keystore ({@code ssl.keystore.location}, {@code .password}, {@code .type} PKCS12 or JKS,
 * {@code ssl.key.password}) or from PEM ({@code ssl.keystore.certificate.chain} and
 * {@code ssl.keystore.key}, each either a file or the PEM text itself; the key unencrypted
 * PKCS#8 or encrypted with {@code ssl.key.password}). Client certificates are asked for as
 * {@code ssl.client.auth} says and checked against the truststore ({@code ssl.truststore.location}
 * etc., or PEM certificates in {@code ssl.truststore.certificates}).
 *
 * <p>Immutable; {@link #serverContext()} reads the files each time it is called.
 */
public record TlsSettings(String prefix, String keystoreLocation, String keystorePassword, String keystoreType,
        String keyPassword, String certificateChain, String privateKey, String truststoreLocation,
        String truststorePassword, String truststoreType, String truststoreCertificates, ClientAuth clientAuth,
        List<String> enabledProtocols) {

    /** Parses Kafka's {@code ssl.client.auth} values: none, requested, required. */
    static ClientAuth parseClientAuth(String key, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return ClientAuth.NONE;
            case "requested":
                return ClientAuth.OPTIONAL;
            case "required":
                return ClientAuth.REQUIRE;
            default:
                throw new IllegalArgumentException(key + " must be none, requested or required, not '" + value + "'");
        }
    }

    /** Whether the key material is PEM rather than a keystore. */
    boolean pem() {
        return certificateChain != null;
    }

    /** Checks that the settings name a key and certificate; naming the listener's keys in the message. */
    void validate() {
        if (pem() != (privateKey != null)) {
            throw new IllegalArgumentException(prefix + "ssl.keystore.certificate.chain and " + prefix
                    + "ssl.keystore.key go together");
        }
        if (!pem() && keystoreLocation == null) {
            throw new IllegalArgumentException(prefix + "ssl.enabled=true needs " + prefix
                    + "ssl.keystore.location or " + prefix + "ssl.keystore.certificate.chain and " + prefix
                    + "ssl.keystore.key");
        }
        if (pem() && keystoreLocation != null) {
            throw new IllegalArgumentException("set either " + prefix + "ssl.keystore.location or the PEM "
                    + prefix + "ssl.keystore.certificate.chain/key, not both");
        }
        if (clientAuth != ClientAuth.NONE && truststoreLocation == null && truststoreCertificates == null) {
            throw new IllegalArgumentException(prefix + "ssl.client.auth needs " + prefix
                    + "ssl.truststore.location or " + prefix + "ssl.truststore.certificates to check client certificates");
        }
    }

    /**
     * Builds the server side of TLS with the JDK's provider.
     *
     * @throws IllegalArgumentException naming the setting whose file cannot be read or used
     */
    public SslContext serverContext() {
        SslContextBuilder builder;
        if (pem()) {
            try (InputStream chain = pemStream("ssl.keystore.certificate.chain", certificateChain);
                    InputStream key = pemStream("ssl.keystore.key", privateKey)) {
                builder = SslContextBuilder.forServer(chain, key, keyPassword);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot use the PEM key and certificate of " + prefix
                        + "ssl.keystore.certificate.chain/" + prefix + "ssl.keystore.key: " + e.getMessage(), e);
            }
        } else {
            KeyStore keyStore = load("ssl.keystore.location", keystoreLocation, keystoreType, keystorePassword);
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String password = keyPassword != null ? keyPassword : keystorePassword;
                keys.init(keyStore, password == null ? new char[0] : password.toCharArray());
                builder = SslContextBuilder.forServer(keys);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot use the key in " + prefix + "ssl.keystore.location="
                        + keystoreLocation + " (is " + prefix + "ssl.key.password right?): " + e.getMessage(), e);
            }
        }
        builder.sslProvider(SslProvider.JDK).clientAuth(clientAuth).protocols(enabledProtocols);
        try {
            if (truststoreLocation != null) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load("ssl.truststore.location", truststoreLocation, truststoreType, truststorePassword));
                builder.trustManager(trust);
            } else if (truststoreCertificates != null) {
                try (InputStream certificates = pemStream("ssl.truststore.certificates", truststoreCertificates)) {
                    builder.trustManager(certificates);
                }
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("cannot set up TLS for the " + (prefix.isEmpty() ? "Brook" : "Kafka")
                    + " listener: " + e.getMessage(), e);
        }
    }

    private KeyStore load(String key, String location, String type, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the " + type + " store " + prefix + key + "=" + location
                    + ": " + e.getMessage(), e);
        }
    }

    /** A PEM value is the text itself (as Kafka takes it) or, when it does not look like PEM, a file holding it. */
    private InputStream pemStream(String key, String value) throws IOException {
        if (value.trim().startsWith("-----BEGIN")) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.US_ASCII));
        }
        Path file = Path.of(value.trim());
        if (!Files.isReadable(file)) {
            throw new IOException(prefix + key + " is neither PEM text nor a readable file: " + value);
        }
        return Files.newInputStream(file);
    }
}
