package dev.brook.protocol.record;

/**
 * Whose clock a batch's timestamps come from: the producer's ({@link #CREATE_TIME}) or the
 * broker's at append ({@link #LOG_APPEND_TIME}). Stored in bit 3 of a batch's attributes.
 */
public enum TimestampType {
    CREATE_TIME("CreateTime"),
    LOG_APPEND_TIME("LogAppendTime");

    private final String configName;

    TimestampType(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration ({@code message.timestamp.type}), as Kafka spells it. */
    public String configName() {
        return configName;
    }

    /** The type with this configuration name, compared without regard to case. */
    public static TimestampType forConfigName(String name) {
        for (TimestampType type : values()) {
            if (type.configName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown timestamp type '" + name + "': expected CreateTime or LogAppendTime");
    }
}
