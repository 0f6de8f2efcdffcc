package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.server.ServerConfig;
import dev.brook.server.handler.FetchPurgatory;
import dev.brook.server.network.WireProtocol;
import dev.brook.server.security.Authorizer;
import dev.brook.server.security.CredentialStore;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * How a server builds the Kafka protocol of its Kafka listener: {@link KafkaApis} against the
 * broker, with the ACLs and users both listeners share.
 *
 * <p>Kept apart from the server so that creating this object touches no kafka-clients class: the
 * server makes one at start, and {@link #protocol()} (which loads and initializes several hundred
 * of kafka-clients' message classes) runs only when the listener's first connection arrives or a
 * warm-up asks for it. Call {@link KafkaClientsLibrary#unusableReason()} first.
 *
 * <p>Thread-safe: {@link #protocol()} builds a new protocol on each call, from immutable settings.
 */
public final class KafkaListenerWiring {
    private final Broker broker;
    private final KafkaIdentity identity;
    private final ServerConfig config;
    private final FetchPurgatory purgatory;
    private final Authorizer authorizer;
    private final CredentialStore credentials;

    /**
     * @param authorizer the ACLs, shared with Brook's listener
     * @param credentials the users, shared with Brook's listener; null when the Kafka listener does
     *     not authenticate
     */
    public KafkaListenerWiring(Broker broker, KafkaIdentity identity, ServerConfig config, FetchPurgatory purgatory,
            Authorizer authorizer, CredentialStore credentials) {
        this.broker = broker;
        this.identity = identity;
        this.config = config;
        this.purgatory = purgatory;
        this.authorizer = authorizer;
        this.credentials = credentials;
    }

    /**
     * Starts loading kafka-clients' protocol classes (its API keys and, through them, the schemas
     * of every message) on a short-lived daemon thread, so that the warm-up after the listeners
     * bind, and so the first Kafka request, finds them loaded. They need nothing of the broker, so
     * a server starts this before it opens the logs, when a core is often idle waiting on disk.
     */
    public static void preloadProtocolClassesInBackground() {
        Thread thread = new Thread(() -> ApiKeys.values(), "brook-kafka-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /** A new Kafka protocol for the listener. */
    public WireProtocol protocol() {
        KafkaApis apis = new KafkaApis(broker, identity, new KafkaSettings(config.autoCreateTopics(),
                config.numPartitions()), purgatory, authorizer);
        return new KafkaProtocol(apis, config.security().kafkaSaslMechanisms(), credentials);
    }
}
