package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import dev.brook.core.TopicConfig;
import dev.brook.server.ServerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * The config entries Kafka reports for a topic, this broker or a group, worked out in one place
 * for DescribeConfigs and for CreateTopics' {@code configs}, so that both say the same.
 *
 * <p>A topic setting's source follows Kafka: {@code DYNAMIC_TOPIC_CONFIG} for the topic's own
 * override, {@code STATIC_BROKER_CONFIG} where the broker's properties set a broker-wide default
 * ({@code log.retention.ms}, ...), {@code DEFAULT_CONFIG} for the built-in default. Its synonyms
 * are that chain in order of precedence: the override, the broker-level setting, the built-in
 * default under the broker-level name.
 *
 * <p>Brook's broker settings are read once at start-up, so every broker and group entry is
 * read-only; since the properties file itself is not kept, a broker setting counts as
 * {@code STATIC_BROKER_CONFIG} when its value differs from Brook's default (Kafka would also say
 * so for a value set to the default; nothing a client does depends on the difference).
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class KafkaConfigDescriber {
    /** Group settings (KIP-848) whose values come from the broker's {@code group.consumer.*}. */
    static final String GROUP_SESSION_TIMEOUT_MS = "consumer.session.timeout.ms";
    static final String GROUP_HEARTBEAT_INTERVAL_MS = "consumer.heartbeat.interval.ms";

    /** One value a setting could take, and where it would come from. */
    record Synonym(String name, String value, ConfigSource source) {
    }

    /** One setting as Kafka describes it. Sensitive settings do not exist in Brook. */
    record Entry(String name, String value, boolean readOnly, ConfigSource source, ConfigType type,
            String documentation, List<Synonym> synonyms) {
        boolean isDefault() {
            return source == ConfigSource.DEFAULT_CONFIG;
        }
    }

    private final Broker broker;
    private final KafkaIdentity identity;
    private final KafkaSettings settings;

    KafkaConfigDescriber(Broker broker, KafkaIdentity identity, KafkaSettings settings) {
        this.broker = broker;
        this.identity = identity;
        this.settings = settings;
    }

    /** Every setting of a topic whose effective config is {@code config}, sorted by name. */
    List<Entry> topic(TopicConfig config) {
        Map<String, String> brokerDefaults = broker.config().topicDefaults().overrides();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, String> setting : config.values().entrySet()) {
            TopicConfig.Key key = TopicConfig.keyFor(setting.getKey());
            String brokerKey = ServerConfig.brokerLevelKey(key.name());
            String override = config.overrides().get(key.name());
            String brokerDefault = brokerDefaults.get(key.name());
            List<Synonym> synonyms = new ArrayList<>(3);
            if (override != null) {
                synonyms.add(new Synonym(key.name(), override, ConfigSource.TOPIC_CONFIG));
            }
            if (brokerKey != null && brokerDefault != null) {
                synonyms.add(new Synonym(brokerKey, brokerDefault, ConfigSource.STATIC_BROKER_CONFIG));
            }
            synonyms.add(new Synonym(brokerKey != null ? brokerKey : key.name(), key.defaultValue(),
                    ConfigSource.DEFAULT_CONFIG));
            // The first synonym is the one in force, which is what the entry reports as its source.
            entries.add(new Entry(key.name(), setting.getValue(), false, synonyms.get(0).source(), typeOf(key.kind()),
                    key.documentation(), List.copyOf(synonyms)));
        }
        return entries;
    }

    /**
     * The settings of this broker that Kafka also has, read-only, sorted by name: the broker-wide
     * topic defaults under their {@code log.*} names, and the broker's own settings.
     */
    List<Entry> broker() {
        BrokerConfig config = broker.config();
        List<Entry> entries = new ArrayList<>();
        entries.add(brokerSetting("broker.id", identity.brokerId(), ConfigType.INT));
        entries.add(brokerSetting("num.partitions", settings.defaultPartitions(), ConfigType.INT));
        entries.add(brokerSetting("auto.create.topics.enable", settings.autoCreateTopics(), ConfigType.BOOLEAN));
        entries.add(brokerSetting("log.retention.check.interval.ms", config.retentionCheckIntervalMs(), ConfigType.LONG));
        entries.add(brokerSetting("log.flush.offset.checkpoint.interval.ms", config.recoveryPointCheckpointIntervalMs(),
                ConfigType.INT));
        entries.add(brokerSetting("group.consumer.heartbeat.interval.ms", config.groupHeartbeatIntervalMs(),
                ConfigType.INT));
        entries.add(brokerSetting("group.consumer.session.timeout.ms", config.groupSessionTimeoutMs(), ConfigType.INT));
        // Brook's data.dir is Kafka's log.dirs; Brook's own name is not a Kafka setting.
        entries.add(entry("log.dirs", config.dataDir().toString(), ServerConfig.DEFAULT_DATA_DIR.toString(),
                ConfigType.LIST, ServerConfig.settings().stream().filter(s -> s.key().equals("data.dir"))
                        .map(ServerConfig.Setting::documentation).findFirst().orElse(null)));
        TopicConfig defaults = config.topicDefaults();
        for (TopicConfig.Key key : TopicConfig.KEYS) {
            String brokerKey = ServerConfig.brokerLevelKey(key.name());
            if (brokerKey != null) {
                entries.add(entry(brokerKey, defaults.values().get(key.name()), key.defaultValue(), typeOf(key.kind()),
                        "Default of the topic setting " + key.name() + ": " + key.documentation()));
            }
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /**
     * The settings of a consumer group. Brook has no per-group settings: every group uses the
     * broker's, so each is reported as Kafka reports a group without overrides.
     */
    List<Entry> group() {
        BrokerConfig config = broker.config();
        return List.of(
                groupSetting(GROUP_HEARTBEAT_INTERVAL_MS, "group.consumer.heartbeat.interval.ms",
                        config.groupHeartbeatIntervalMs(), "How often members of the group are told to heartbeat."),
                groupSetting(GROUP_SESSION_TIMEOUT_MS, "group.consumer.session.timeout.ms",
                        config.groupSessionTimeoutMs(),
                        "How long a member of the group may go without a heartbeat before its partitions go to others."));
    }

    private static Entry groupSetting(String name, String brokerKey, int value, String documentation) {
        return new Entry(name, String.valueOf(value), true, ConfigSource.DEFAULT_CONFIG, ConfigType.INT, documentation,
                List.of(new Synonym(brokerKey, String.valueOf(value), ConfigSource.DEFAULT_CONFIG)));
    }

    private static Entry brokerSetting(String key, Object value, ConfigType type) {
        ServerConfig.Setting setting = ServerConfig.settings().stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no server setting named " + key));
        return entry(key, String.valueOf(value), setting.defaultValue(), type, setting.documentation());
    }

    private static Entry entry(String name, String value, String defaultValue, ConfigType type, String documentation) {
        List<Synonym> synonyms = new ArrayList<>(2);
        if (!value.equals(defaultValue)) {
            synonyms.add(new Synonym(name, value, ConfigSource.STATIC_BROKER_CONFIG));
        }
        synonyms.add(new Synonym(name, defaultValue, ConfigSource.DEFAULT_CONFIG));
        return new Entry(name, value, true, synonyms.get(0).source(), type, documentation, List.copyOf(synonyms));
    }

    /** The ConfigDef type Kafka gives the same setting. */
    static ConfigType typeOf(TopicConfig.Kind kind) {
        switch (kind) {
            case INT:
                return ConfigType.INT;
            case LONG:
                return ConfigType.LONG;
            case TIMESTAMP_TYPE:
                return ConfigType.STRING;
            case CLEANUP_POLICY:
                return ConfigType.LIST;
            default:
                throw new IllegalStateException("no Kafka config type for " + kind);
        }
    }
}
