package dev.brook.core;

import dev.brook.protocol.errors.InvalidConfigurationException;
import dev.brook.protocol.record.TimestampType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The settings of one topic's logs, with Apache Kafka's names and defaults: the effective values
 * after a topic's overrides are laid over the broker's defaults.
 *
 * <p>Every key is described by a {@link Key} in {@link #KEYS}, which also generates the
 * configuration documentation. Values arrive as strings (from files, the wire or an API) and are
 * parsed and range-checked here; an unknown key or a bad value is an
 * {@link InvalidConfigurationException} naming the key.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicConfig {
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";

    /** Every topic setting, in the order the documentation lists them. */
    public static final List<Key> KEYS = List.of(
            new Key(CLEANUP_POLICY, "delete", Kind.CLEANUP_POLICY, 0,
                    "What happens to old segments. Only 'delete' (remove whole segments past retention) is supported."),
            new Key(RETENTION_MS, "604800000", Kind.LONG, -1,
                    "How long a closed segment is kept, judged by its largest record timestamp; -1 keeps segments forever."),
            new Key(RETENTION_BYTES, "-1", Kind.LONG, -1,
                    "The size a partition may keep: its oldest closed segments are deleted while the rest still holds this much, so the log stays within one segment of it; -1 is unlimited."),
            new Key(SEGMENT_BYTES, "1073741824", Kind.INT, 128,
                    "The size at which the active segment is closed and a new one started."),
            new Key(SEGMENT_MS, "604800000", Kind.LONG, 1,
                    "The age (from its first batch's timestamp) at which the active segment is rolled on the next append."),
            new Key(SEGMENT_INDEX_BYTES, "10485760", Kind.INT, 12,
                    "The largest size of each segment's offset and time index (they grow to it as entries are added); a full index rolls the segment."),
            new Key(INDEX_INTERVAL_BYTES, "4096", Kind.INT, 0,
                    "Bytes of log between two entries of the sparse offset index: smaller finds offsets faster, larger keeps indexes small."),
            new Key(FLUSH_MESSAGES, String.valueOf(Long.MAX_VALUE), Kind.LONG, 1,
                    "Records appended before the log is fsynced; 1 makes every append durable before it returns. By default the OS page cache decides."),
            new Key(FLUSH_MS, String.valueOf(Long.MAX_VALUE), Kind.LONG, 0,
                    "The longest unflushed data may wait before a background fsync."),
            new Key(MESSAGE_TIMESTAMP_TYPE, TimestampType.CREATE_TIME.configName(), Kind.TIMESTAMP_TYPE, 0,
                    "CreateTime keeps the producer's timestamps; LogAppendTime stamps each batch with the broker's clock on append."),
            new Key(MAX_MESSAGE_BYTES, "1048588", Kind.INT, 0,
                    "The largest record batch the topic accepts, in bytes."),
            new Key(FILE_DELETE_DELAY_MS, "60000", Kind.LONG, 0,
                    "How long a deleted segment's files stay (renamed *.deleted) so that reads in flight can finish."));

    private static final Map<String, Key> KEYS_BY_NAME = new LinkedHashMap<>();

    static {
        for (Key key : KEYS) {
            KEYS_BY_NAME.put(key.name(), key);
        }
    }

    private static final TopicConfig DEFAULTS = new TopicConfig(Map.of(), null);

    private final Map<String, String> values;
    private final Map<String, String> overrides;
    // Parsed once here, since the log reads several of them on every append.
    private final long retentionMs;
    private final long retentionBytes;
    private final int segmentBytes;
    private final long segmentMs;
    private final int segmentIndexBytes;
    private final int indexIntervalBytes;
    private final long flushMessages;
    private final long flushMs;
    private final TimestampType timestampType;
    private final int maxMessageBytes;
    private final long fileDeleteDelayMs;

    private TopicConfig(Map<String, String> overrides, TopicConfig base) {
        Map<String, String> merged = new TreeMap<>();
        for (Key key : KEYS) {
            merged.put(key.name(), base == null ? key.defaultValue() : base.values.get(key.name()));
        }
        Map<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            Key key = keyFor(entry.getKey());
            String value = key.validate(entry.getValue());
            merged.put(key.name(), value);
            checked.put(key.name(), value);
        }
        this.values = Collections.unmodifiableMap(merged);
        this.overrides = Collections.unmodifiableMap(checked);
        this.retentionMs = Long.parseLong(merged.get(RETENTION_MS));
        this.retentionBytes = Long.parseLong(merged.get(RETENTION_BYTES));
        this.segmentBytes = Integer.parseInt(merged.get(SEGMENT_BYTES));
        this.segmentMs = Long.parseLong(merged.get(SEGMENT_MS));
        this.segmentIndexBytes = Integer.parseInt(merged.get(SEGMENT_INDEX_BYTES));
        this.indexIntervalBytes = Integer.parseInt(merged.get(INDEX_INTERVAL_BYTES));
        this.flushMessages = Long.parseLong(merged.get(FLUSH_MESSAGES));
        this.flushMs = Long.parseLong(merged.get(FLUSH_MS));
        this.timestampType = TimestampType.forConfigName(merged.get(MESSAGE_TIMESTAMP_TYPE));
        this.maxMessageBytes = Integer.parseInt(merged.get(MAX_MESSAGE_BYTES));
        this.fileDeleteDelayMs = Long.parseLong(merged.get(FILE_DELETE_DELAY_MS));
    }

    /** Kafka's defaults for every key. */
    public static TopicConfig defaults() {
        return DEFAULTS;
    }

    /**
     * These defaults with {@code overrides} laid over them. The result's {@link #overrides()} are
     * only the new ones: this config's own overrides become its defaults.
     *
     * @throws InvalidConfigurationException for an unknown key or an invalid value
     */
    public TopicConfig with(Map<String, String> overrides) {
        Objects.requireNonNull(overrides, "overrides");
        return new TopicConfig(overrides, this);
    }

    /** The key's definition. @throws InvalidConfigurationException if no topic setting has that name */
    public static Key keyFor(String name) {
        Key key = KEYS_BY_NAME.get(name);
        if (key == null) {
            throw new InvalidConfigurationException("unknown topic config '" + name + "'; known configs are "
                    + KEYS_BY_NAME.keySet());
        }
        return key;
    }

    /** The effective value of every key, as strings, sorted by name. */
    public Map<String, String> values() {
        return values;
    }

    /** Only the keys that were set explicitly on top of the defaults this config was made from. */
    public Map<String, String> overrides() {
        return overrides;
    }

    public long retentionMs() {
        return retentionMs;
    }

    public long retentionBytes() {
        return retentionBytes;
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public long segmentMs() {
        return segmentMs;
    }

    public int segmentIndexBytes() {
        return segmentIndexBytes;
    }

    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    public long flushMessages() {
        return flushMessages;
    }

    public long flushMs() {
        return flushMs;
    }

    public TimestampType timestampType() {
        return timestampType;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public long fileDeleteDelayMs() {
        return fileDeleteDelayMs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicConfig && values.equals(((TopicConfig) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "TopicConfig" + values;
    }

    /** How a key's value is parsed and checked. */
    public enum Kind {
        INT, LONG, TIMESTAMP_TYPE, CLEANUP_POLICY
    }

    /**
     * One topic setting: its name, default, type, smallest allowed value (for numbers) and a
     * sentence of documentation.
     */
    public static final class Key {
        private final String name;
        private final String defaultValue;
        private final Kind kind;
        private final long min;
        private final String documentation;

        Key(String name, String defaultValue, Kind kind, long min, String documentation) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.kind = kind;
            this.min = min;
            this.documentation = documentation;
        }

        public String name() {
            return name;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public Kind kind() {
            return kind;
        }

        public String documentation() {
            return documentation;
        }

        /** The value in its canonical form. @throws InvalidConfigurationException if it is not valid */
        public String validate(String value) {
            if (value == null) {
                throw new InvalidConfigurationException("topic config '" + name + "' needs a value");
            }
            String trimmed = value.trim();
            switch (kind) {
                case INT:
                case LONG:
                    long parsed;
                    try {
                        parsed = kind == Kind.INT ? Integer.parseInt(trimmed) : Long.parseLong(trimmed);
                    } catch (NumberFormatException e) {
                        throw new InvalidConfigurationException("topic config '" + name + "' must be "
                                + (kind == Kind.INT ? "a 32-bit" : "a 64-bit") + " integer, not '" + value + "'");
                    }
                    if (parsed < min) {
                        throw new InvalidConfigurationException("topic config '" + name + "' must be at least "
                                + min + ", not " + parsed);
                    }
                    return Long.toString(parsed);
                case TIMESTAMP_TYPE:
                    try {
                        return TimestampType.forConfigName(trimmed).configName();
                    } catch (IllegalArgumentException e) {
                        throw new InvalidConfigurationException("topic config '" + name
                                + "' must be CreateTime or LogAppendTime, not '" + value + "'");
                    }
                case CLEANUP_POLICY:
                    if (!trimmed.equals("delete")) {
                        throw new InvalidConfigurationException("topic config '" + name + "' must be 'delete', not '"
                                + value + "': log compaction is not supported");
                    }
                    return trimmed;
                default:
                    throw new IllegalStateException("unhandled kind " + kind);
            }
        }
    }
}
