package dev.brook.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.errors.CorruptRecordException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTypeTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void forIdRoundTrips(CompressionType type) {
        assertThat(CompressionType.forId(type.id())).isSameAs(type);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void idsAndNamesMatchKafka(CompressionType type) {
        org.apache.kafka.common.record.internal.CompressionType kafka =
                org.apache.kafka.common.record.internal.CompressionType.forId(type.id());

        assertThat(kafka.name).isEqualTo(type.configName());
        assertThat(kafka.name()).isEqualTo(type.name());
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7, -1})
    void rejectsUnknownId(int id) {
        assertThatThrownBy(() -> CompressionType.forId(id))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("codec id " + id);
    }
}
