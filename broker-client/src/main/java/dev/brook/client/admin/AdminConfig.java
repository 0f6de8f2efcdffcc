package dev.brook.client.admin;

import dev.brook.client.internal.BrokerClient;
import java.util.Objects;

/**
 * How an {@link Admin} reaches its broker. Built with {@link #builder()}, which checks each value;
 * immutable and thread-safe.
 */
public final class AdminConfig {
    public static final String DEFAULT_BOOTSTRAP_SERVER = "127.0.0.1:7092";
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_API_TIMEOUT_MS = 60_000;
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 100;

    private final String bootstrapServer;
    private final String clientId;
    private final long requestTimeoutMs;
    private final long defaultApiTimeoutMs;
    private final int connectTimeoutMs;
    private final long retryBackoffMs;
    private final dev.brook.client.ClientSecurity security;

    private AdminConfig(Builder builder) {
        this.bootstrapServer = builder.bootstrapServer;
        this.clientId = builder.clientId;
        this.requestTimeoutMs = builder.requestTimeoutMs;
        this.defaultApiTimeoutMs = builder.defaultApiTimeoutMs;
        this.connectTimeoutMs = builder.connectTimeoutMs;
        this.retryBackoffMs = builder.retryBackoffMs;
        this.security = builder.security;
    }

    /** TLS and SASL to the broker ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}); plaintext by default. */
    public dev.brook.client.ClientSecurity security() {
        return security;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} of the broker. */
    public String bootstrapServer() {
        return bootstrapServer;
    }

    public String clientId() {
        return clientId;
    }

    /** How long one request may wait for its response before the connection is given up. */
    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /** How long an operation may take, retries included, before its future fails. */
    public long defaultApiTimeoutMs() {
        return defaultApiTimeoutMs;
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** Collects and checks settings. Not thread-safe. */
    public static final class Builder {
        private String bootstrapServer = DEFAULT_BOOTSTRAP_SERVER;
        private String clientId = "brook-admin";
        private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
        private long defaultApiTimeoutMs = DEFAULT_API_TIMEOUT_MS;
        private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long retryBackoffMs = DEFAULT_RETRY_BACKOFF_MS;
        private dev.brook.client.ClientSecurity security = dev.brook.client.ClientSecurity.PLAINTEXT;

        private Builder() {
        }

        /** @throws IllegalArgumentException if it is not {@code host:port} */
        public Builder bootstrapServer(String hostAndPort) {
            BrokerClient.parseAddress(hostAndPort);
            this.bootstrapServer = hostAndPort;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        public Builder requestTimeoutMs(long ms) {
            this.requestTimeoutMs = positive("requestTimeoutMs", ms);
            return this;
        }

        public Builder defaultApiTimeoutMs(long ms) {
            this.defaultApiTimeoutMs = positive("defaultApiTimeoutMs", ms);
            return this;
        }

        public Builder connectTimeoutMs(int ms) {
            this.connectTimeoutMs = (int) positive("connectTimeoutMs", ms);
            return this;
        }

        public Builder retryBackoffMs(long ms) {
            this.retryBackoffMs = positive("retryBackoffMs", ms);
            return this;
        }

        /** TLS and SASL to the broker: {@link dev.brook.client.ClientSecurity#PLAINTEXT} (the default), or SSL and SASL settings. */
        public Builder security(dev.brook.client.ClientSecurity security) {
            this.security = java.util.Objects.requireNonNull(security, "security");
            return this;
        }

        public AdminConfig build() {
            return new AdminConfig(this);
        }

        private static long positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
