package dev.brook.client.producer;

/** When the broker answers a produce request. */
public enum Acks {
    /** No answer at all: fastest, and the producer never learns of a failure. */
    NONE((short) 0),
    /** Once the records are in the log (the broker's page cache). */
    LEADER((short) 1),
    /** Once the records are durable under the topic's flush policy. */
    ALL((short) -1);

    private final short wireValue;

    Acks(short wireValue) {
        this.wireValue = wireValue;
    }

    public short wireValue() {
        return wireValue;
    }

    /** Parses {@code 0}, {@code 1}, {@code -1} or {@code all}. */
    public static Acks parse(String value) {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "0":
                return NONE;
            case "1":
                return LEADER;
            case "-1":
            case "all":
                return ALL;
            default:
                throw new IllegalArgumentException("acks must be 0, 1, -1 or all, not '" + value + "'");
        }
    }
}
