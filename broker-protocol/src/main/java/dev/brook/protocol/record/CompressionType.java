package dev.brook.protocol.record;

import dev.brook.protocol.errors.CorruptRecordException;

/**
 * The codec of a batch's records, stored in bits 0 to 2 of its attributes. The broker stores and
 * serves compressed batches as they came; only reading the records inside one needs the codec.
 */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private final int id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The value of the attribute bits. */
    public int id() {
        return id;
    }

    /** The name used in configuration, as Kafka spells it. */
    public String configName() {
        return configName;
    }

    /** The type with attribute bits {@code id}. */
    public static CompressionType forId(int id) {
        switch (id) {
            case 0:
                return NONE;
            case 1:
                return GZIP;
            case 2:
                return SNAPPY;
            case 3:
                return LZ4;
            case 4:
                return ZSTD;
            default:
                throw new CorruptRecordException("unknown compression codec id " + id + " in batch attributes");
        }
    }
}
