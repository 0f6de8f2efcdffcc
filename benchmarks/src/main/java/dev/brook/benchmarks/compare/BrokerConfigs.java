package dev.brook.benchmarks.compare;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration files the comparison starts its two brokers with. Both listen on 127.0.0.1
 * only, on ports the caller picks (free ones, so that other brokers on the machine are never met),
 * and keep their data in the given directory. Stateless.
 */
public final class BrokerConfigs {
    private BrokerConfigs() {
    }

    /**
     * Apache Kafka as a single-node KRaft broker and controller: replication factor 1 for the
     * internal topics, group joins without the initial rebalance delay, everything else Kafka's
     * defaults.
     */
    public static Map<String, String> kafka(Path dataDir, int port, int controllerPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        config.put("log.dirs", dataDir.toString());
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    /** A standalone Brook broker (its {@code --config} file), with its defaults otherwise. */
    public static Map<String, String> brook(Path dataDir, int port, int kafkaPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("host", "127.0.0.1");
        config.put("port", Integer.toString(port));
        config.put("kafka.enabled", "true");
        config.put("kafka.port", Integer.toString(kafkaPort));
        config.put("data.dir", dataDir.toString());
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    /** The JVM options Kafka's start scripts give the broker: a 1 GiB heap, G1 with short pauses. */
    public static List<String> kafkaJvmOptions() {
        return List.of("-Xmx1g", "-Xms1g", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.awt.headless=true");
    }

    /** A Log4j 2 configuration for Kafka: INFO and above to the console, which the runner sends to a file. */
    public static String kafkaLog4j2() {
        return String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "");
    }

    /** Renders a configuration as a properties file, one {@code key=value} a line, in order. */
    public static String render(Map<String, String> config) {
        StringBuilder out = new StringBuilder();
        config.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }
}
