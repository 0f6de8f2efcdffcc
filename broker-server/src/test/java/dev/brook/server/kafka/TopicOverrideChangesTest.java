package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.TopicConfig;
import dev.brook.protocol.errors.InvalidConfigurationException;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.junit.jupiter.api.Test;

class TopicOverrideChangesTest {
    private final TopicConfig brokerDefaults = TopicConfig.defaults().with(Map.of(TopicConfig.RETENTION_MS, "5000"));

    @Test
    void setReplacesAndSetWithoutValueOrDeleteRemoves() {
        TopicOverrideChanges changes = new TopicOverrideChanges(Map.of(TopicConfig.SEGMENT_MS, "1", TopicConfig.FLUSH_MS, "2"),
                brokerDefaults);

        changes.apply(TopicConfig.RETENTION_MS, OpType.SET, "10");
        changes.apply(TopicConfig.SEGMENT_MS, OpType.SET, null);
        changes.apply(TopicConfig.FLUSH_MS, OpType.DELETE, null);

        assertThat(changes.overrides()).containsOnly(Map.entry(TopicConfig.RETENTION_MS, "10"));
    }

    @Test
    void appendStartsFromTheValueInForceAndAddsOnlyMissingItems() {
        TopicOverrideChanges changes = new TopicOverrideChanges(Map.of(), brokerDefaults);

        changes.apply(TopicConfig.CLEANUP_POLICY, OpType.APPEND, "delete,compact, delete");

        assertThat(changes.overrides()).containsEntry(TopicConfig.CLEANUP_POLICY, "delete,compact");
    }

    @Test
    void subtractRemovesTheItemsGiven() {
        TopicOverrideChanges changes = new TopicOverrideChanges(Map.of(TopicConfig.CLEANUP_POLICY, "delete,compact"),
                brokerDefaults);

        changes.apply(TopicConfig.CLEANUP_POLICY, OpType.SUBTRACT, "compact");

        assertThat(changes.overrides()).containsEntry(TopicConfig.CLEANUP_POLICY, "delete");
    }

    @Test
    void appendToASettingThatIsNotAListIsInvalidConfigNamingTheKey() {
        TopicOverrideChanges changes = new TopicOverrideChanges(Map.of(), brokerDefaults);

        assertThatThrownBy(() -> changes.apply(TopicConfig.RETENTION_MS, OpType.APPEND, "1"))
                .isExactlyInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Can't APPEND to key retention.ms because its type is not LIST.");
        assertThatThrownBy(() -> changes.apply("no.such.key", OpType.SET, "1"))
                .isExactlyInstanceOf(InvalidConfigurationException.class).hasMessageContaining("no.such.key");
    }
}
