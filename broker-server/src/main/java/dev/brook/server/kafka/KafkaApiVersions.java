package dev.brook.server.kafka;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The Kafka APIs Brook serves and the versions of each it advertises in ApiVersions: every
 * version the bundled kafka-clients can read, from the oldest Apache Kafka 4.x accepts, up to a
 * cap where a newer version would need something Brook does not have. Advertising follows Kafka's
 * own rules, including its quirk of listing Produce from version 0 for older librdkafka clients
 * (KAFKA-18659) while refusing versions below 3. Transactional and replication APIs are not
 * listed, so clients never try them.
 *
 * <p>Immutable; thread-safe.
 */
final class KafkaApiVersions {
    /** Served APIs with the highest version served ({@code Short.MAX_VALUE}: all that kafka-clients knows). */
    private static final Map<ApiKeys, Short> SERVED = new EnumMap<>(ApiKeys.class);

    static {
        serve(ApiKeys.API_VERSIONS);
        serve(ApiKeys.METADATA);
        serve(ApiKeys.DESCRIBE_CLUSTER);
        serve(ApiKeys.FIND_COORDINATOR);
        serve(ApiKeys.PRODUCE);
        // Version 6 adds two-phase commit for transactions (KIP-939), which Brook does not have.
        serve(ApiKeys.INIT_PRODUCER_ID, 5);
        serve(ApiKeys.FETCH);
        serve(ApiKeys.LIST_OFFSETS);
        serve(ApiKeys.CREATE_TOPICS);
        serve(ApiKeys.DELETE_TOPICS);
        serve(ApiKeys.CREATE_PARTITIONS);
        serve(ApiKeys.CONSUMER_GROUP_HEARTBEAT);
        serve(ApiKeys.OFFSET_COMMIT);
        serve(ApiKeys.OFFSET_FETCH);
        serve(ApiKeys.JOIN_GROUP);
        serve(ApiKeys.SYNC_GROUP);
        serve(ApiKeys.HEARTBEAT);
        serve(ApiKeys.LEAVE_GROUP);
        serve(ApiKeys.LIST_GROUPS);
        serve(ApiKeys.DESCRIBE_GROUPS);
        serve(ApiKeys.CONSUMER_GROUP_DESCRIBE);
        serve(ApiKeys.DELETE_GROUPS);
        serve(ApiKeys.OFFSET_DELETE);
        serve(ApiKeys.DESCRIBE_CONFIGS);
        serve(ApiKeys.INCREMENTAL_ALTER_CONFIGS);
        serve(ApiKeys.ALTER_CONFIGS);
        serve(ApiKeys.DESCRIBE_ACLS);
        serve(ApiKeys.CREATE_ACLS);
        serve(ApiKeys.DELETE_ACLS);
    }

    private final ApiVersionCollection advertised;

    KafkaApiVersions() {
        advertised = new ApiVersionCollection();
        for (Map.Entry<ApiKeys, Short> entry : SERVED.entrySet()) {
            ApiKeys api = entry.getKey();
            ApiVersion version = api.toApiVersionForApiResponse(false, ApiMessageType.ListenerType.BROKER)
                    .orElseThrow(() -> new IllegalStateException(api + " has no version for brokers"));
            version.setMaxVersion((short) Math.min(version.maxVersion(), entry.getValue()));
            advertised.add(version);
        }
    }

    private static void serve(ApiKeys api) {
        SERVED.put(api, Short.MAX_VALUE);
    }

    private static void serve(ApiKeys api, int maxVersion) {
        SERVED.put(api, (short) maxVersion);
    }

    /** Whether Brook serves this API at this version (versions below Kafka's oldest, such as Produce v0-2, are refused). */
    boolean serves(ApiKeys api, short version) {
        Short max = SERVED.get(api);
        return max != null && version >= api.oldestVersion() && version <= Math.min(max, api.latestVersion());
    }

    /**
     * SaslHandshake and SaslAuthenticate in the versions kafka-clients speaks, listed in ApiVersions
     * only on a listener that requires SASL ({@link KafkaSaslSession}); a copy each call.
     */
    static List<ApiVersion> saslVersions() {
        List<ApiVersion> versions = new ArrayList<>();
        for (ApiKeys api : List.of(ApiKeys.SASL_HANDSHAKE, ApiKeys.SASL_AUTHENTICATE)) {
            versions.add(api.toApiVersionForApiResponse(false, ApiMessageType.ListenerType.BROKER)
                    .orElseThrow(() -> new IllegalStateException(api + " has no version for brokers")));
        }
        return versions;
    }

    /** Whether a SASL-requiring listener serves this SASL API at this version. */
    static boolean servesSasl(ApiKeys api, short version) {
        return version >= api.oldestVersion() && version <= api.latestVersion();
    }

    /** What ApiVersions responses list; a copy, since responses may be changed by the caller. */
    ApiVersionCollection advertised() {
        ApiVersionCollection copy = new ApiVersionCollection();
        for (ApiVersion version : advertised) {
            copy.add(version.duplicate());
        }
        return copy;
    }
}
