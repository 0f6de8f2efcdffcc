package dev.brook.protocol.wire;

/**
 * The requests Brook's protocol defines, each with the range of versions this build speaks. The
 * numbers are Apache Kafka's for the request of the same purpose, so that logs and captures read
 * alike; the layouts are Brook's own (see {@code docs/protocol.md}).
 *
 * <p>Immutable and thread-safe.
 */
public enum ApiKey {
    PRODUCE(0, "Produce"),
    FETCH(1, "Fetch"),
    LIST_OFFSETS(2, "ListOffsets"),
    METADATA(3, "Metadata"),
    OFFSET_COMMIT(8, "OffsetCommit"),
    OFFSET_FETCH(9, "OffsetFetch"),
    DESCRIBE_GROUPS(15, "DescribeGroups"),
    LIST_GROUPS(16, "ListGroups"),
    SASL_HANDSHAKE(17, "SaslHandshake"),
    API_VERSIONS(18, "ApiVersions"),
    CREATE_TOPICS(19, "CreateTopics"),
    DELETE_TOPICS(20, "DeleteTopics"),
    DESCRIBE_CONFIGS(32, "DescribeConfigs"),
    SASL_AUTHENTICATE(36, "SaslAuthenticate"),
    CREATE_PARTITIONS(37, "CreatePartitions"),
    DELETE_GROUPS(42, "DeleteGroups"),
    ALTER_CONFIGS(44, "AlterConfigs"),
    CONSUMER_GROUP_HEARTBEAT(68, "ConsumerGroupHeartbeat");

    private static final ApiKey[] BY_ID;

    static {
        int max = 0;
        for (ApiKey key : values()) {
            max = Math.max(max, key.id);
        }
        BY_ID = new ApiKey[max + 1];
        for (ApiKey key : values()) {
            BY_ID[key.id] = key;
        }
    }

    private final short id;
    private final String displayName;

    ApiKey(int id, String displayName) {
        this.id = (short) id;
        this.displayName = displayName;
    }

    /** The number sent in the request header. */
    public short id() {
        return id;
    }

    /** The lowest version this build speaks. */
    public short oldestVersion() {
        return 0;
    }

    /** The highest version this build speaks. */
    public short latestVersion() {
        return 0;
    }

    public boolean isVersionSupported(short version) {
        return version >= oldestVersion() && version <= latestVersion();
    }

    /** The name used in documentation and logs, such as {@code Produce}. */
    public String displayName() {
        return displayName;
    }

    /** The API with this number, or null for a number this build does not know. */
    public static ApiKey forId(short id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
