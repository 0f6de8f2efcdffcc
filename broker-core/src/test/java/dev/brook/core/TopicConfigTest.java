package dev.brook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.errors.InvalidConfigurationException;
import dev.brook.protocol.record.TimestampType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicConfigTest {
    @Test
    void defaultsAreKafkas() {
        TopicConfig defaults = TopicConfig.defaults();
        assertThat(defaults.retentionMs()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(defaults.retentionBytes()).isEqualTo(-1);
        assertThat(defaults.segmentBytes()).isEqualTo(1 << 30);
        assertThat(defaults.indexIntervalBytes()).isEqualTo(4096);
        assertThat(defaults.maxMessageBytes()).isEqualTo(1048588);
        assertThat(defaults.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(defaults.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(defaults.overrides()).isEmpty();
    }

    @Test
    void overridesLayOverTheirBaseAndOnlyTheNewOnesCountAsOverrides() {
        TopicConfig broker = TopicConfig.defaults().with(Map.of("retention.ms", "1000"));
        TopicConfig topic = broker.with(Map.of("segment.bytes", " 2048 ", "message.timestamp.type", "logappendtime"));

        assertThat(topic.retentionMs()).isEqualTo(1000);
        assertThat(topic.segmentBytes()).isEqualTo(2048);
        assertThat(topic.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(topic.overrides()).containsOnly(Map.entry("segment.bytes", "2048"),
                Map.entry("message.timestamp.type", "LogAppendTime"));
    }

    @Test
    void badKeysAndValuesNameTheKey() {
        TopicConfig defaults = TopicConfig.defaults();
        assertThatThrownBy(() -> defaults.with(Map.of("retention.milliseconds", "1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.milliseconds");
        assertThatThrownBy(() -> defaults.with(Map.of("segment.bytes", "1GB")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.bytes")
                .hasMessageContaining("1GB");
        assertThatThrownBy(() -> defaults.with(Map.of("segment.bytes", "99999999999")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("32-bit");
        assertThatThrownBy(() -> defaults.with(Map.of("retention.ms", "-2")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("at least -1");
        assertThatThrownBy(() -> defaults.with(Map.of("message.timestamp.type", "Now")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("CreateTime or LogAppendTime");
        assertThatThrownBy(() -> defaults.with(Map.of("cleanup.policy", "compact")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("compaction");
    }

    @Test
    void theConfigurationDocumentListsEveryKeyWithItsDefault() throws IOException {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        for (TopicConfig.Key key : TopicConfig.KEYS) {
            assertThat(doc).contains("| `" + key.name() + "` | `" + key.defaultValue() + "` |");
        }
    }
}
