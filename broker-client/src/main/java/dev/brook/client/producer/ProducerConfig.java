package dev.brook.client.producer;

import dev.brook.client.internal.BrokerClient;
import dev.brook.client.serialization.Serializer;
import java.util.Objects;

/**
 * How a {@link Producer} batches and sends, with Kafka's names and defaults where Kafka has the
 * setting. Built with {@link #builder(Serializer, Serializer)}, which checks each value; immutable
 * and thread-safe.
 */
public final class ProducerConfig<K, V> {
    public static final String DEFAULT_BOOTSTRAP_SERVER = "127.0.0.1:7092";
    public static final int DEFAULT_BATCH_SIZE = 16_384;
    public static final long DEFAULT_LINGER_MS = 5;
    public static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    public static final long DEFAULT_MAX_BLOCK_MS = 60_000;
    public static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 100;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 5;
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_METADATA_MAX_AGE_MS = 300_000;

    private final String bootstrapServer;
    private final String clientId;
    /** A Micrometer MeterRegistry, or null; typed Object so that a producer without one never loads Micrometer. */
    private final Object meterRegistry;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Acks acks;
    private final int batchSize;
    private final long lingerMs;
    private final long bufferMemory;
    private final long maxBlockMs;
    private final long deliveryTimeoutMs;
    private final long requestTimeoutMs;
    private final long retryBackoffMs;
    private final int maxInFlightRequests;
    private final int maxRequestSize;
    private final int connectTimeoutMs;
    private final long metadataMaxAgeMs;
    private final dev.brook.client.ClientSecurity security;

    private ProducerConfig(Builder<K, V> b) {
        this.bootstrapServer = b.bootstrapServer;
        this.clientId = b.clientId;
        this.meterRegistry = b.meterRegistry;
        this.keySerializer = b.keySerializer;
        this.valueSerializer = b.valueSerializer;
        this.acks = b.acks;
        this.batchSize = b.batchSize;
        this.lingerMs = b.lingerMs;
        this.bufferMemory = b.bufferMemory;
        this.maxBlockMs = b.maxBlockMs;
        this.deliveryTimeoutMs = b.deliveryTimeoutMs;
        this.requestTimeoutMs = b.requestTimeoutMs;
        this.retryBackoffMs = b.retryBackoffMs;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.maxRequestSize = b.maxRequestSize;
        this.connectTimeoutMs = b.connectTimeoutMs;
        this.metadataMaxAgeMs = b.metadataMaxAgeMs;
        this.security = b.security;
    }

    /** A builder with the given serializers and every other setting at its default. */
    /** TLS and SASL to the broker ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}); plaintext by default. */
    public dev.brook.client.ClientSecurity security() {
        return security;
    }

    public static <K, V> Builder<K, V> builder(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return new Builder<>(keySerializer, valueSerializer);
    }

    public String bootstrapServer() {
        return bootstrapServer;
    }

    /** The Micrometer {@code MeterRegistry} the producer records its metrics in, or null for none. */
    public Object meterRegistry() {
        return meterRegistry;
    }

    public String clientId() {
        return clientId;
    }

    public Serializer<K> keySerializer() {
        return keySerializer;
    }

    public Serializer<V> valueSerializer() {
        return valueSerializer;
    }

    public Acks acks() {
        return acks;
    }

    /** The size a batch of one partition grows to before it is sent without waiting for {@link #lingerMs()}. */
    public int batchSize() {
        return batchSize;
    }

    /** How long a batch waits for more records before it is sent. */
    public long lingerMs() {
        return lingerMs;
    }

    /** The memory for records waiting to be sent; {@code send} blocks when it is used up. */
    public long bufferMemory() {
        return bufferMemory;
    }

    /** How long {@code send} may block for buffer memory or topic metadata. */
    public long maxBlockMs() {
        return maxBlockMs;
    }

    /** How long a record may take, retries included, from {@code send} to its outcome. */
    public long deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /**
     * Produce requests that may await their response at once ({@code max.in.flight.requests.per.connection},
     * default 5). Above 1 a partition's batches are pipelined; 1 keeps each partition's records in
     * send order whatever fails, at the cost of a round trip per request (see {@link Producer}).
     */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** The largest produce request, and so the largest record, in bytes. */
    public int maxRequestSize() {
        return maxRequestSize;
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** How long topic metadata (partition counts) is trusted before it is fetched again. */
    public long metadataMaxAgeMs() {
        return metadataMaxAgeMs;
    }

    /** Collects and checks settings. Not thread-safe. */
    public static final class Builder<K, V> {
        private String bootstrapServer = DEFAULT_BOOTSTRAP_SERVER;
        private String clientId = "brook-producer";
        private Object meterRegistry;
        private final Serializer<K> keySerializer;
        private final Serializer<V> valueSerializer;
        private Acks acks = Acks.ALL;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private long lingerMs = DEFAULT_LINGER_MS;
        private long bufferMemory = DEFAULT_BUFFER_MEMORY;
        private long maxBlockMs = DEFAULT_MAX_BLOCK_MS;
        private long deliveryTimeoutMs = DEFAULT_DELIVERY_TIMEOUT_MS;
        private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
        private long retryBackoffMs = DEFAULT_RETRY_BACKOFF_MS;
        private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
        private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
        private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long metadataMaxAgeMs = DEFAULT_METADATA_MAX_AGE_MS;
        private dev.brook.client.ClientSecurity security = dev.brook.client.ClientSecurity.PLAINTEXT;

        private Builder(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
            this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
            this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        }

        /** @throws IllegalArgumentException if it is not {@code host:port} */
        public Builder<K, V> bootstrapServer(String hostAndPort) {
            BrokerClient.parseAddress(hostAndPort);
            this.bootstrapServer = hostAndPort;
            return this;
        }

        /**
         * Records the producer's metrics in a Micrometer registry (records sent, batch size, request
         * latency, buffer use; see {@code docs/client.md}). Without one the producer records nothing
         * and needs no Micrometer on the class path.
         */
        public Builder<K, V> meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder<K, V> clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        public Builder<K, V> acks(Acks acks) {
            this.acks = Objects.requireNonNull(acks, "acks");
            return this;
        }

        public Builder<K, V> batchSize(int bytes) {
            this.batchSize = (int) atLeast("batch.size", bytes, 128);
            return this;
        }

        public Builder<K, V> lingerMs(long ms) {
            this.lingerMs = atLeast("linger.ms", ms, 0);
            return this;
        }

        public Builder<K, V> bufferMemory(long bytes) {
            this.bufferMemory = atLeast("buffer.memory", bytes, 1024);
            return this;
        }

        public Builder<K, V> maxBlockMs(long ms) {
            this.maxBlockMs = atLeast("max.block.ms", ms, 0);
            return this;
        }

        public Builder<K, V> deliveryTimeoutMs(long ms) {
            this.deliveryTimeoutMs = atLeast("delivery.timeout.ms", ms, 1);
            return this;
        }

        public Builder<K, V> requestTimeoutMs(long ms) {
            this.requestTimeoutMs = atLeast("request.timeout.ms", ms, 1);
            return this;
        }

        public Builder<K, V> retryBackoffMs(long ms) {
            this.retryBackoffMs = atLeast("retry.backoff.ms", ms, 1);
            return this;
        }

        public Builder<K, V> maxInFlightRequests(int requests) {
            this.maxInFlightRequests = (int) atLeast("max.in.flight.requests.per.connection", requests, 1);
            return this;
        }

        public Builder<K, V> maxRequestSize(int bytes) {
            this.maxRequestSize = (int) atLeast("max.request.size", bytes, 1024);
            return this;
        }

        public Builder<K, V> connectTimeoutMs(int ms) {
            this.connectTimeoutMs = (int) atLeast("connect.timeout.ms", ms, 1);
            return this;
        }

        public Builder<K, V> metadataMaxAgeMs(long ms) {
            this.metadataMaxAgeMs = atLeast("metadata.max.age.ms", ms, 1);
            return this;
        }

        /**
         * Sets one setting by its Kafka name ({@code acks}, {@code batch.size}, {@code linger.ms},
         * {@code buffer.memory}, {@code max.block.ms}, {@code delivery.timeout.ms},
         * {@code request.timeout.ms}, {@code retry.backoff.ms},
         * {@code max.in.flight.requests.per.connection}, {@code max.request.size},
         * {@code metadata.max.age.ms}, {@code client.id}, {@code bootstrap.servers}, and
         * {@code security.protocol} with the {@code ssl.*} and {@code sasl.*} keys of {@link dev.brook.client.ClientSecurity}),
         * as tools take them.
         *
         * @throws IllegalArgumentException naming the key when it is unknown or its value is invalid
         */
        public Builder<K, V> set(String key, String value) {
            if (dev.brook.client.ClientSecurity.isKey(key)) {
                return security(security.with(key, value));
            }
            try {
                switch (key) {
                    case "acks":
                        return acks(Acks.parse(value));
                    case "batch.size":
                        return batchSize(Integer.parseInt(value.trim()));
                    case "linger.ms":
                        return lingerMs(Long.parseLong(value.trim()));
                    case "buffer.memory":
                        return bufferMemory(Long.parseLong(value.trim()));
                    case "max.block.ms":
                        return maxBlockMs(Long.parseLong(value.trim()));
                    case "delivery.timeout.ms":
                        return deliveryTimeoutMs(Long.parseLong(value.trim()));
                    case "request.timeout.ms":
                        return requestTimeoutMs(Long.parseLong(value.trim()));
                    case "retry.backoff.ms":
                        return retryBackoffMs(Long.parseLong(value.trim()));
                    case "max.in.flight.requests.per.connection":
                        return maxInFlightRequests(Integer.parseInt(value.trim()));
                    case "max.request.size":
                        return maxRequestSize(Integer.parseInt(value.trim()));
                    case "metadata.max.age.ms":
                        return metadataMaxAgeMs(Long.parseLong(value.trim()));
                    case "client.id":
                        return clientId(value);
                    case "bootstrap.servers":
                        return bootstrapServer(value.trim());
                    default:
                        throw new IllegalArgumentException("unknown producer setting '" + key + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("producer setting " + key + " must be a number, not '" + value + "'");
            }
        }

        /** TLS and SASL to the broker: {@link dev.brook.client.ClientSecurity#PLAINTEXT} (the default), or SSL and SASL settings. */
        public Builder<K, V> security(dev.brook.client.ClientSecurity security) {
            this.security = java.util.Objects.requireNonNull(security, "security");
            return this;
        }

        public ProducerConfig<K, V> build() {
            if (bufferMemory < batchSize) {
                throw new IllegalArgumentException("buffer.memory (" + bufferMemory + ") must be at least batch.size ("
                        + batchSize + ")");
            }
            return new ProducerConfig<>(this);
        }

        private static long atLeast(String name, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }
}
