package dev.brook.benchmarks.compare;

/** The three broker and client pairings the comparison measures, in the table's column order. */
public enum Column {
    KAFKA("Kafka", "kafka"),
    BROOK_CLIENT("Brook (Brook client)", "brook-brook-client"),
    BROOK_KAFKA_CLIENTS("Brook (kafka-clients)", "brook-kafka-clients");

    private final String heading;
    private final String id;

    Column(String heading, String id) {
        this.heading = heading;
        this.id = id;
    }

    /** The column's heading in the Markdown table. */
    public String heading() {
        return heading;
    }

    /** The column's name in the raw CSV results. */
    public String id() {
        return id;
    }
}
