package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.core.BrokerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void propertiesSetServerAndTopicDefaultsAndUnknownKeysAreReported() {
        Properties properties = new Properties();
        properties.setProperty("port", "9999");
        properties.setProperty("data.dir", "/tmp/somewhere");
        properties.setProperty("log.retention.ms", "3600000");
        properties.setProperty("message.max.bytes", "2000000");
        properties.setProperty("mystery", "1");
        List<String> unknown = new ArrayList<>();

        ServerConfig config = ServerConfig.fromProperties(properties, unknown).build();

        assertThat(config.port()).isEqualTo(9999);
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/somewhere"));
        BrokerConfig broker = config.brokerConfig();
        assertThat(broker.topicDefaults().retentionMs()).isEqualTo(3_600_000L);
        assertThat(broker.topicDefaults().maxMessageBytes()).isEqualTo(2_000_000);
        assertThat(unknown).containsExactly("mystery");
    }

    @Test
    void badValuesNameTheirKey() {
        Properties properties = new Properties();
        properties.setProperty("port", "70000");
        assertThatThrownBy(() -> ServerConfig.fromProperties(properties, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        Properties retention = new Properties();
        retention.setProperty("log.retention.ms", "forever");
        assertThatThrownBy(() -> ServerConfig.fromProperties(retention, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log.retention.ms");
    }

    @Test
    void theNetworkTransportIsNamedInAnyCaseAndABadOneIsRefusedNamingTheChoices() {
        assertThat(ServerConfig.builder().build().networkTransport()).isEqualTo(NetworkTransport.AUTO);
        Properties nio = new Properties();
        nio.setProperty("network.transport", "NIO");
        assertThat(ServerConfig.fromProperties(nio, new ArrayList<>()).build().networkTransport())
                .isEqualTo(NetworkTransport.NIO);
        Properties bad = new Properties();
        bad.setProperty("network.transport", "io_uring");
        assertThatThrownBy(() -> ServerConfig.fromProperties(bad, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("network.transport").hasMessageContaining("auto, epoll or nio");
    }

    @Test
    void theConfigurationDocumentListsEverySetting() throws IOException {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        for (ServerConfig.Setting setting : ServerConfig.settings()) {
            assertThat(doc).contains("| `" + setting.key() + "` | `" + setting.defaultValue() + "` |");
        }
    }
}
