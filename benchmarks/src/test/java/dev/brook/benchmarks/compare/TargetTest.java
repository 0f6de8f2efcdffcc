package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void ratioAtLeastIsMetAtAndAboveTheThreshold() {
        Target twice = Target.ratioAtLeast(2);
        assertThat(twice.judge(0, 2.0)).isEqualTo(Target.Verdict.MET);
        assertThat(twice.judge(0, 2.5)).isEqualTo(Target.Verdict.MET);
        assertThat(twice.judge(0, 1.99)).isEqualTo(Target.Verdict.NOT_MET);
    }

    @Test
    void ratioAtMostIsMetAtAndBelowTheThreshold() {
        Target half = Target.ratioAtMost(0.5);
        assertThat(half.judge(0, 0.5)).isEqualTo(Target.Verdict.MET);
        assertThat(half.judge(0, 0.51)).isEqualTo(Target.Verdict.NOT_MET);
    }

    @Test
    void valueAtMostJudgesBrooksOwnValueNotTheRatio() {
        Target flat = Target.valueAtMost(1.5);
        assertThat(flat.judge(1.2, 99)).isEqualTo(Target.Verdict.MET);
        assertThat(flat.judge(1.6, 0.1)).isEqualTo(Target.Verdict.NOT_MET);
    }

    @Test
    void aMissingFigureIsNotMeasuredRatherThanFailed() {
        assertThat(Target.ratioAtLeast(1).judge(5, Double.NaN)).isEqualTo(Target.Verdict.NOT_MEASURED);
        assertThat(Target.NONE.judge(5, 1)).isEqualTo(Target.Verdict.NO_TARGET);
    }

    @Test
    void describesItselfAsTheTableShowsIt() {
        assertThat(Target.ratioAtLeast(2).describe()).isEqualTo("≥ 2×");
        assertThat(Target.ratioAtMost(0.25).describe()).isEqualTo("≤ 0.25×");
        assertThat(Target.valueAtMost(1.5).describe()).isEqualTo("≤ 1.5");
        assertThat(Target.NONE.describe()).isEqualTo("—");
    }

    @Test
    void refusesANonPositiveThreshold() {
        assertThatThrownBy(() -> Target.ratioAtLeast(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
