package dev.brook.benchmarks.compare;

import java.util.List;

/**
 * The comparison as Markdown: the body of docs/performance.md's section "Brook and Apache Kafka
 * compared" (how to run it, what the run was, the table) and the table alone for the console.
 * Stateless.
 */
public final class Report {
    /** The section of docs/performance.md this report replaces. */
    public static final String SECTION = "Brook and Apache Kafka compared";

    /** What a run was: when, where, how, and anything the reader must know about it. */
    public record RunInfo(String date, String machine, String jvm, String command, String mode,
                          List<String> notes) {
    }

    private Report() {
    }

    /** The table: one row per figure, medians over runs, ratios to Kafka, targets and verdicts. */
    public static String table(List<Results.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| figure | Kafka | Brook (Brook client) | Brook (kafka-clients) | Brook client ÷ Kafka "
                + "| kafka-clients ÷ Kafka | target (Brook client / kafka-clients) | met |\n");
        out.append("|---|---:|---:|---:|---:|---:|---|---|\n");
        for (Results.Row row : rows) {
            Figure f = row.figure();
            out.append("| ").append(f.label())
                    .append(" | ").append(Format.value(f, row.medians().get(Column.KAFKA)))
                    .append(" | ").append(Format.value(f, row.medians().get(Column.BROOK_CLIENT)))
                    .append(" | ").append(Format.value(f, row.medians().get(Column.BROOK_KAFKA_CLIENTS)))
                    .append(" | ").append(Format.ratio(row.brookClientRatio()))
                    .append(" | ").append(Format.ratio(row.kafkaClientsRatio()))
                    .append(" | ").append(targets(f))
                    .append(" | ").append(verdicts(row))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String targets(Figure f) {
        String a = f.brookClientTarget().describe();
        String b = f.kafkaClientsTarget().describe();
        return a.equals(b) ? a : a + " / " + b;
    }

    private static String verdicts(Results.Row row) {
        String a = row.brookClientVerdict().text();
        String b = row.kafkaClientsVerdict().text();
        return a.equals(b) ? a : a + " / " + b;
    }

    /** The whole section body: how to run, the run's facts, the table, its notes. */
    public static String section(RunInfo info, List<Results.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(HOW_TO_RUN).append('\n');
        out.append("### Latest run: ").append(info.date()).append("\n\n");
        out.append("- Machine: ").append(info.machine()).append('\n');
        out.append("- JVM: ").append(info.jvm()).append('\n');
        out.append("- Command: `").append(info.command()).append("`\n");
        out.append("- Mode: ").append(info.mode()).append('\n');
        for (String note : info.notes()) {
            out.append("- ").append(note).append('\n');
        }
        out.append('\n').append(table(rows));
        out.append('\n').append(READING).append('\n');
        return out.toString();
    }

    static final String HOW_TO_RUN = """
            Issue 7's side-by-side benchmark: Apache Kafka 4.4.0 (single-node KRaft, its jars fetched
            from Maven Central at run time into `benchmarks/target/kafka-4.4.0/`) and a standalone Brook
            (`bin/brook server`), started one at a time on 127.0.0.1 with data in a temporary directory,
            driven by the same load code (`dev.brook.benchmarks.compare`) from a separate client JVM.

            ### How to run

            ```sh
            benchmarks/run-vs-kafka.sh            # full: 3 runs, at most 30 minutes on 2 cores
            benchmarks/run-vs-kafka.sh --quick    # fewer loads and records, 1 run, at most 5 minutes
            benchmarks/run-vs-kafka.sh --runs 5   # more runs; medians are quoted
            ```

            It builds what it needs (Brook's jar through `bin/brook`'s build, the benchmarks jar, Kafka's
            jars), alternates the brokers (Kafka, Brook, Kafka, Brook...), prints the table below, rewrites
            this section, and writes the raw values to `benchmarks/results/`. Needs Java 17, Maven, network
            access to Maven Central on first use, and about 25 GB free under `java.io.tmpdir` for a full run
            (10 GB for the fetch-cost partition, deleted after each broker).

            What each figure is:

            - **produce**: one producer sends N records of random bytes (null keys) as fast as `send`
              accepts them; records/s from the first send to the end of `flush()`. Each client's defaults
              apply (both: `linger.ms` 5, `batch.size` 16384) except `acks`. The topic is created first.
            - **consume**: one consumer, partitions assigned (no group), reads the 100 B, acks=1,
              1-partition topic the producer row wrote, from the beginning to its end; records/s from the
              first `poll` to the last record.
            - **end-to-end**: producer and consumer in the driver JVM, 10,000 records/s of 100 B paced by
              the sender, the send time (`System.nanoTime`) in the record; latency = receive − send,
              recorded in HdrHistogram after a 2 s warm-up. Each client's default `acks` (all).
            - **start-to-ready**: from launching the broker's process to its first answered ApiVersions
              request on its Kafka port, polled every 5 ms. Kafka's storage is formatted before (not timed).
            - **peak resident memory**: `VmHWM` of the broker process, read after its last load. Brook's
              one broker serves both Brook columns, so its start and memory figures appear in both.
            - **fetch at start / middle / end**: a partition grown to the stated size (1 KiB records,
              not timed), then repeated `seek` to a random offset within 1,000 records of the start, the
              middle and the end, and the time until `poll` returns records; positions interleaved, median
              of each. *Spread* is the largest of the three ÷ the smallest: flat is near 1.
            """;

    static final String READING = """
            Ratios are Brook's median ÷ Kafka's median. The targets are issue 7's: producer and consumer
            throughput with Brook's client ≥ 2× Kafka's, every throughput row with kafka-clients ≥ 1×,
            p99 end-to-end latency ≤ 0.5×, start-to-ready ≤ 0.1×, peak resident memory ≤ 0.25×, and fetch
            cost flat as the log grows (spread ≤ 1.5 here). Raw values per run are in
            `benchmarks/results/`.
            """;
}
