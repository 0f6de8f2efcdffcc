package dev.brook.benchmarks.compare;

/**
 * One row of the comparison: what is measured, in which unit, and issue 7's target for each of the
 * two Brook columns. Immutable.
 *
 * @param id               the key the drivers print and the raw results use, e.g. {@code produce.100.1.p1}
 * @param label            the row's text in the table
 * @param unit             how {@link Format#value} shows the number: {@code records/s}, {@code ms}, {@code MiB}...
 * @param bytesPerRecord   for a throughput row, the payload bytes per record, so that MB/s is shown
 *                         beside records/s (payload MB/s = records/s × this ÷ 10^6); 0 otherwise
 * @param brookClientTarget    the target for Brook with its own client
 * @param kafkaClientsTarget   the target for Brook through its Kafka listener with kafka-clients
 */
public record Figure(String id, String label, String unit, int bytesPerRecord,
                     Target brookClientTarget, Target kafkaClientsTarget) {
    public Figure {
        if (id == null || id.isBlank() || id.contains(",") || id.contains(" ")) {
            throw new IllegalArgumentException("a figure id must be non-empty, without spaces or commas: '" + id + "'");
        }
        if (bytesPerRecord < 0) {
            throw new IllegalArgumentException("bytesPerRecord must be ≥ 0 for figure " + id);
        }
    }

    /** The target for one Brook column; {@link Target#NONE} for the Kafka column. */
    public Target target(Column column) {
        return switch (column) {
            case KAFKA -> Target.NONE;
            case BROOK_CLIENT -> brookClientTarget;
            case BROOK_KAFKA_CLIENTS -> kafkaClientsTarget;
        };
    }
}
