package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientsLibraryTest {
    @Test
    void theBuildRecordsTheKafkaClientsVersionOnTheClassPath() throws Exception {
        Properties onClassPath = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
            onClassPath.load(in);
        }
        assertThat(KafkaClientsLibrary.builtWith()).isEqualTo(onClassPath.getProperty("version"));
    }

    @Test
    void theVersionBrookIsBuiltWithIsUsable() {
        assertThat(KafkaClientsLibrary.unusableReason()).isNull();
    }

    @Test
    void versionsMatchOnMajorAndMinorOnly() {
        assertThat(KafkaClientsLibrary.sameMinor("4.4.0", "4.4.1")).isTrue();
        assertThat(KafkaClientsLibrary.sameMinor("4.4.0", "4.4.0-SNAPSHOT")).isTrue();
        assertThat(KafkaClientsLibrary.sameMinor("3.9.1", "4.4.0")).isFalse();
        assertThat(KafkaClientsLibrary.sameMinor("4.3.0", "4.4.0")).isFalse();
        assertThat(KafkaClientsLibrary.sameMinor("4.14.0", "4.1.0")).isFalse();
    }
}
