package dev.brook.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimestampTypeTest {

    @ParameterizedTest
    @EnumSource(TimestampType.class)
    void configNameRoundTripsIgnoringCase(TimestampType type) {
        assertThat(TimestampType.forConfigName(type.configName())).isSameAs(type);
        assertThat(TimestampType.forConfigName(type.configName().toUpperCase())).isSameAs(type);
    }

    @ParameterizedTest
    @EnumSource(TimestampType.class)
    void configNamesMatchKafka(TimestampType type) {
        assertThat(org.apache.kafka.common.record.TimestampType.forName(type.configName()).name())
                .isEqualTo(type.name());
    }

    @Test
    void rejectsUnknownConfigName() {
        assertThatThrownBy(() -> TimestampType.forConfigName("NoTime"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'NoTime'");
    }
}
