package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerConfigsTest {
    @Test
    void kafkaIsASingleNodeKraftBrokerOnLoopbackOnly() throws IOException {
        Properties p = parse(BrokerConfigs.render(BrokerConfigs.kafka(Path.of("/tmp/k/data"), 19092, 19093)));

        assertThat(p).containsEntry("process.roles", "broker,controller").containsEntry("node.id", "1")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:19093")
                .containsEntry("log.dirs", "/tmp/k/data")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void brookListensOnLoopbackWithBothPorts() throws IOException {
        Properties p = parse(BrokerConfigs.render(BrokerConfigs.brook(Path.of("/tmp/b/data"), 17092, 19092)));

        assertThat(p).containsEntry("host", "127.0.0.1").containsEntry("port", "17092")
                .containsEntry("kafka.port", "19092").containsEntry("data.dir", "/tmp/b/data")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void kafkaGetsTheHeapItsStartScriptGivesIt() {
        assertThat(BrokerConfigs.kafkaJvmOptions()).contains("-Xmx1g", "-Xms1g");
    }

    @Test
    void renderWritesOneKeyPerLineInOrder() {
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("b", "2");
        config.put("a", "1");
        assertThat(BrokerConfigs.render(config)).isEqualTo("b=2\na=1\n");
    }

    private static Properties parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
