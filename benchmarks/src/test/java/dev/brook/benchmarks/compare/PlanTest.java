package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
    @Test
    void everyMeasuredLoadHasARow() {
        for (Plan plan : List.of(Plan.fullPlan(), Plan.quickPlan())) {
            List<String> rows = plan.figures().stream().map(Figure::id).toList();
            for (Load load : plan.loads("kc-", true, true)) {
                if (load.kind().equals("produce") || load.kind().equals("consume")) {
                    assertThat(rows).contains(load.get("id"));
                }
            }
            assertThat(rows).contains("e2e.p99", "broker.start", "broker.vmhwm", "fetch.spread");
        }
    }

    @Test
    void theFullPlanCoversIssueSevensCombinationsAndScale() {
        Plan full = Plan.fullPlan();
        assertThat(full.produceCases()).hasSize(8);
        assertThat(full.scalePartitions()).containsExactly(100, 1000);
        assertThat(full.growBytes()).isEqualTo(10_000_000_000L);
    }

    @Test
    void loadsSurviveTheDriversCommandLine() {
        Load load = Load.of("produce", "id", "produce.100.1.p1", "topic", "t", "records", 500_000);
        assertThat(Load.parse(load.toString())).isEqualTo(load);
    }
}
