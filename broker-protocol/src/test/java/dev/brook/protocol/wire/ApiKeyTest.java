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
    /** Kafka's request of the same purpose; AlterConfigs works key by key like Kafka's incremental one. */
    private static final Map<ApiKey, ApiKeys> KAFKA = new EnumMap<>(Map.of(
            ApiKey.PRODUCE, ApiKeys.PRODUCE,
            ApiKey.FETCH, ApiKeys.FETCH,
            ApiKey.LIST_OFFSETS, ApiKeys.LIST_OFFSETS,
            ApiKey.METADATA, ApiKeys.METADATA,
            ApiKey.API_VERSIONS, ApiKeys.API_VERSIONS,
            ApiKey.CREATE_TOPICS, ApiKeys.CREATE_TOPICS,
            ApiKey.DELETE_TOPICS, ApiKeys.DELETE_TOPICS,
            ApiKey.DESCRIBE_CONFIGS, ApiKeys.DESCRIBE_CONFIGS,
            ApiKey.CREATE_PARTITIONS, ApiKeys.CREATE_PARTITIONS,
            ApiKey.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS));

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
    @ValueSource(shorts = {-1, -18, Short.MIN_VALUE, 4, 17, 21, 31, 33, 36, 38, 43, 45, 46, 1_000, Short.MAX_VALUE})
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
