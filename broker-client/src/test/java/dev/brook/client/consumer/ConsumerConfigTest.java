package dev.brook.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.client.serialization.Serdes;
import org.junit.jupiter.api.Test;

class ConsumerConfigTest {
    private static ConsumerConfig.Builder<String, String> builder() {
        return ConsumerConfig.builder(Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    @Test
    void defaultsAreTheDocumentedConstantsAndKafkas() {
        ConsumerConfig<String, String> config = builder().build();

        assertThat(config.bootstrapServer()).isEqualTo("127.0.0.1:7092");
        assertThat(config.autoOffsetReset()).isEqualTo(AutoOffsetReset.LATEST);
        assertThat(config.groupId()).isEmpty();
        assertThat(config.fetchMinBytes()).isEqualTo(ConsumerConfig.DEFAULT_FETCH_MIN_BYTES).isEqualTo(1);
        assertThat(config.fetchMaxWaitMs()).isEqualTo(ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS).isEqualTo(500);
        assertThat(config.fetchMaxBytes()).isEqualTo(ConsumerConfig.DEFAULT_FETCH_MAX_BYTES).isEqualTo(52_428_800);
        assertThat(config.maxPartitionFetchBytes()).isEqualTo(ConsumerConfig.DEFAULT_MAX_PARTITION_FETCH_BYTES)
                .isEqualTo(1_048_576);
        assertThat(config.maxPollRecords()).isEqualTo(ConsumerConfig.DEFAULT_MAX_POLL_RECORDS).isEqualTo(500);
        assertThat(config.requestTimeoutMs()).isEqualTo(ConsumerConfig.DEFAULT_REQUEST_TIMEOUT_MS).isEqualTo(30_000);
        assertThat(config.defaultApiTimeoutMs()).isEqualTo(ConsumerConfig.DEFAULT_API_TIMEOUT_MS).isEqualTo(60_000);
        assertThat(config.retryBackoffMs()).isEqualTo(ConsumerConfig.DEFAULT_RETRY_BACKOFF_MS).isEqualTo(100);
        assertThat(config.connectTimeoutMs()).isEqualTo(ConsumerConfig.DEFAULT_CONNECT_TIMEOUT_MS).isEqualTo(10_000);
        assertThat(config.enableAutoCommit()).isFalse();
        assertThat(config.autoCommitIntervalMs()).isEqualTo(ConsumerConfig.DEFAULT_AUTO_COMMIT_INTERVAL_MS)
                .isEqualTo(5_000);
        assertThat(config.maxPollIntervalMs()).isEqualTo(ConsumerConfig.DEFAULT_MAX_POLL_INTERVAL_MS)
                .isEqualTo(300_000);
        assertThat(config.groupRemoteAssignor()).isEmpty();
    }

    @Test
    void autoCommitIsOnByDefaultOnlyWithAGroup() {
        assertThat(builder().groupId("g").build().enableAutoCommit()).isTrue();
        assertThat(builder().groupId("g").enableAutoCommit(false).build().enableAutoCommit()).isFalse();
        assertThatThrownBy(() -> builder().enableAutoCommit(true).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupId");
        assertThat(builder().groupRemoteAssignor("range").build().groupRemoteAssignor()).contains("range");
        assertThatThrownBy(() -> builder().groupRemoteAssignor("sticky")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupRemoteAssignor");
        assertThatThrownBy(() -> builder().maxPollIntervalMs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPollIntervalMs");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> builder().bootstrapServer("localhost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> builder().maxPollRecords(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPollRecords");
        assertThatThrownBy(() -> builder().fetchMinBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fetchMinBytes");
        assertThatThrownBy(() -> builder().groupId("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupId");
        assertThatThrownBy(() -> builder().retryBackoffMs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryBackoffMs");
        assertThatThrownBy(() -> builder().fetchMaxWaitMs(5_000).requestTimeoutMs(5_000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeoutMs")
                .hasMessageContaining("fetchMaxWaitMs");
        assertThatThrownBy(() -> ConsumerConfig.builder(null, Serdes.stringDeserializer()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("keyDeserializer");
    }

    @Test
    void autoOffsetResetReadsItsConfigNames() {
        assertThat(AutoOffsetReset.forConfigName("Earliest")).isEqualTo(AutoOffsetReset.EARLIEST);
        assertThat(AutoOffsetReset.NONE.configName()).isEqualTo("none");
        assertThatThrownBy(() -> AutoOffsetReset.forConfigName("smallest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("earliest, latest, none");
    }
}
