package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {
    private static final Figure PRODUCE = new Figure("produce.100.1.p1", "produce 100 B", "records/s", 100,
            Target.ratioAtLeast(2), Target.ratioAtLeast(1));

    @Test
    void rowsHoldMediansOverRunsAndRatiosOfMedians() {
        Results results = new Results();
        for (double v : new double[] {100, 300, 200}) {
            results.add(1, Column.KAFKA, PRODUCE.id(), v);
        }
        for (double v : new double[] {500, 350, 400}) {
            results.add(1, Column.BROOK_CLIENT, PRODUCE.id(), v);
        }
        for (double v : new double[] {150, 190}) {
            results.add(1, Column.BROOK_KAFKA_CLIENTS, PRODUCE.id(), v);
        }

        Results.Row row = results.rows(List.of(PRODUCE)).get(0);

        assertThat(row.medians()).containsEntry(Column.KAFKA, 200.0).containsEntry(Column.BROOK_CLIENT, 400.0)
                .containsEntry(Column.BROOK_KAFKA_CLIENTS, 170.0);
        assertThat(row.brookClientRatio()).isEqualTo(2.0);
        assertThat(row.kafkaClientsRatio()).isEqualTo(0.85);
        assertThat(row.brookClientVerdict()).isEqualTo(Target.Verdict.MET);
        assertThat(row.kafkaClientsVerdict()).isEqualTo(Target.Verdict.NOT_MET);
    }

    @Test
    void aFigureNeverMeasuredIsNotMeasured() {
        Results results = new Results();
        results.add(1, Column.BROOK_CLIENT, PRODUCE.id(), 10);

        Results.Row row = results.rows(List.of(PRODUCE)).get(0);

        assertThat(row.medians().get(Column.KAFKA)).isNaN();
        assertThat(row.brookClientVerdict()).isEqualTo(Target.Verdict.NOT_MEASURED);
    }

    @Test
    void rawCsvHasOneLinePerValue() {
        Results results = new Results();
        results.add(2, Column.BROOK_KAFKA_CLIENTS, "e2e.p99", 1.5);

        assertThat(results.toCsv()).isEqualTo("run,column,figure,value\n2,brook-kafka-clients,e2e.p99,1.50000\n");
        assertThat(results.mediansCsv(List.of(PRODUCE))).startsWith("figure,kafka,brook-brook-client,brook-kafka-clients\n");
    }
}
