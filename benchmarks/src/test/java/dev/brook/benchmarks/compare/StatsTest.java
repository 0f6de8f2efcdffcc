package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void medianLeavesOutFailedRunsAndIsNaNWithoutValues() {
        assertThat(Stats.median(List.of(Double.NaN, 5.0))).isEqualTo(5.0);
        assertThat(Stats.median(List.of())).isNaN();
        assertThat(Stats.median(new double[0])).isNaN();
    }

    @Test
    void ratioIsBrookOverKafkaAndNaNWhenEitherIsMissing() {
        assertThat(Stats.ratio(300, 150)).isEqualTo(2.0);
        assertThat(Stats.ratio(Double.NaN, 150)).isNaN();
        assertThat(Stats.ratio(1, Double.NaN)).isNaN();
        assertThat(Stats.ratio(1, 0)).isNaN();
    }

    @Test
    void spreadIsTheLargestOverTheSmallest() {
        assertThat(Stats.spread(2.0, 3.0, 2.5)).isEqualTo(1.5);
        assertThat(Stats.spread(1.0, Double.NaN)).isNaN();
        assertThat(Stats.spread()).isNaN();
    }
}
