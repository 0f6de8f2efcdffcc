package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void tableShowsMediansRatiosTargetsAndVerdicts() {
        Figure produce = new Figure("produce.100.1.p1", "produce 100 B, acks=1, 1 partition", "records/s", 100,
                Target.ratioAtLeast(2), Target.ratioAtLeast(1));
        Figure p99 = new Figure("e2e.p99", "end-to-end p99", "ms", 0, Target.ratioAtMost(0.5), Target.ratioAtMost(0.5));
        Results results = new Results();
        results.add(1, Column.KAFKA, produce.id(), 500_000);
        results.add(1, Column.BROOK_CLIENT, produce.id(), 1_250_000);
        results.add(1, Column.BROOK_KAFKA_CLIENTS, produce.id(), 450_000);
        results.add(1, Column.KAFKA, p99.id(), 4.0);
        results.add(1, Column.BROOK_CLIENT, p99.id(), 1.0);

        String table = Report.table(results.rows(List.of(produce, p99)));

        assertThat(table.lines().toList()).containsExactly(
                "| figure | Kafka | Brook (Brook client) | Brook (kafka-clients) | Brook client ÷ Kafka "
                        + "| kafka-clients ÷ Kafka | target (Brook client / kafka-clients) | met |",
                "|---|---:|---:|---:|---:|---:|---|---|",
                "| produce 100 B, acks=1, 1 partition | 500.0 k records/s (50.0 MB/s) | 1.25 M records/s (125 MB/s) "
                        + "| 450.0 k records/s (45.0 MB/s) | 2.50× | 0.90× | ≥ 2× / ≥ 1× | yes / **no** |",
                "| end-to-end p99 | 4.00 ms | 1.00 ms | — | 0.25× | — | ≤ 0.5× | yes / not measured |");
    }

    @Test
    void sectionHasHowToRunTheRunsFactsAndTheTable() {
        Report.RunInfo info = new Report.RunInfo("2026-11-25 21:00", "2 CPUs", "OpenJDK 17", "benchmarks/run-vs-kafka.sh --quick",
                "quick", List.of("a note"));

        String section = Report.section(info, List.of());

        assertThat(section).contains("### How to run", "### Latest run: 2026-11-25 21:00", "- Machine: 2 CPUs",
                "- Command: `benchmarks/run-vs-kafka.sh --quick`", "- a note", "| figure | Kafka |");
    }
}
