package dev.brook.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTest {
    /**
     * Kafka's request of the same purpose. AlterConfigs works key by key like Kafka's incremental
     * one; DescribeGroups takes the classic request's id although it describes KIP-848 groups, as
     * Kafka's ConsumerGroupDescribe (69) does.
     */
    private static final Map<ApiKey, ApiKeys> KAFKA = new EnumMap<>(Map.ofEntries(
            Map.entry(ApiKey.PRODUCE, ApiKeys.PRODUCE),
            Map.entry(ApiKey.FETCH, ApiKeys.FETCH),
            Map.entry(ApiKey.LIST_OFFSETS, ApiKeys.LIST_OFFSETS),
            Map.entry(ApiKey.METADATA, ApiKeys.METADATA),
            Map.entry(ApiKey.OFFSET_COMMIT, ApiKeys.OFFSET_COMMIT),
            Map.entry(ApiKey.OFFSET_FETCH, ApiKeys.OFFSET_FETCH),
            Map.entry(ApiKey.DESCRIBE_GROUPS, ApiKeys.DESCRIBE_GROUPS),
            Map.entry(ApiKey.LIST_GROUPS, ApiKeys.LIST_GROUPS),
            Map.entry(ApiKey.SASL_HANDSHAKE, ApiKeys.SASL_HANDSHAKE),
            Map.entry(ApiKey.SASL_AUTHENTICATE, ApiKeys.SASL_AUTHENTICATE),
            Map.entry(ApiKey.API_VERSIONS, ApiKeys.API_VERSIONS),
            Map.entry(ApiKey.CREATE_TOPICS, ApiKeys.CREATE_TOPICS),
            Map.entry(ApiKey.DELETE_TOPICS, ApiKeys.DELETE_TOPICS),
            Map.entry(ApiKey.DESCRIBE_CONFIGS, ApiKeys.DESCRIBE_CONFIGS),
            Map.entry(ApiKey.CREATE_PARTITIONS, ApiKeys.CREATE_PARTITIONS),
            Map.entry(ApiKey.DELETE_GROUPS, ApiKeys.DELETE_GROUPS),
            Map.entry(ApiKey.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS),
            Map.entry(ApiKey.CONSUMER_GROUP_HEARTBEAT, ApiKeys.CONSUMER_GROUP_HEARTBEAT)));

    @Test
    void idsAreUnique() {
        long distinct = Arrays.stream(ApiKey.values()).mapToInt(ApiKey::id).distinct().count();

        assertThat(distinct).isEqualTo(ApiKey.values().length);
    }

    @Test
    void displayNamesAreUnique() {
        long distinct = Arrays.stream(ApiKey.values()).map(ApiKey::displayName).distinct().count();

        assertThat(distinct).isEqualTo(ApiKey.values().length);
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void forIdRoundTrips(ApiKey key) {
        assertThat(ApiKey.forId(key.id())).isSameAs(key);
    }

    @ParameterizedTest
    @ValueSource(shorts = {-1, -18, Short.MIN_VALUE, 4, 7, 10, 14, 21, 31, 33, 38, 41, 43, 45, 46, 67, 69,
            1_000, Short.MAX_VALUE})
    void unknownIdsAreNull(short id) {
        assertThat(ApiKey.forId(id)).isNull();
    }

    @Test
    void everyIdFromMinusOneTo100ThatNoKeyHasIsNull() {
        for (short id = -1; id <= 100; id++) {
            short candidate = id;
            boolean known = Arrays.stream(ApiKey.values()).anyMatch(key -> key.id() == candidate);

            assertThat(ApiKey.forId(id) != null).as("id %d", id).isEqualTo(known);
        }
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void idIsKafkasForTheRequestOfTheSamePurpose(ApiKey key) {
        assertThat(key.id()).isEqualTo(KAFKA.get(key).id);
    }

    /** Where Brook's request is Kafka's under the same name, the logs show the same name. */
    @ParameterizedTest
    @EnumSource(value = ApiKey.class, mode = EnumSource.Mode.EXCLUDE, names = "ALTER_CONFIGS")
    void displayNameIsKafkasForTheRequestOfTheSameId(ApiKey key) {
        assertThat(key.displayName()).isEqualTo(KAFKA.get(key).name);
    }

    @Test
    void everyKeyHasAKafkaCounterpart() {
        assertThat(KAFKA).containsOnlyKeys(ApiKey.values());
    }

    @Test
    void keysAreDeclaredInOrderOfId() {
        assertThat(Arrays.stream(ApiKey.values()).map(ApiKey::id).toList()).isSorted();
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void everyKeySpeaksVersionZeroAndNothingOutsideItsRange(ApiKey key) {
        assertThat(key.oldestVersion()).isZero();
        assertThat(key.latestVersion()).isGreaterThanOrEqualTo(key.oldestVersion());
        assertThat(key.isVersionSupported((short) 0)).isTrue();
        assertThat(key.isVersionSupported((short) -1)).isFalse();
        assertThat(key.isVersionSupported((short) (key.latestVersion() + 1))).isFalse();
    }
}
