package dev.brook.benchmarks.compare;

import java.util.Locale;

/**
 * What issue 7 asks of one figure in one Brook column, and whether a measured figure meets it.
 * A ratio target is judged on Brook's median ÷ Kafka's median; a value target on Brook's own
 * median (used for the fetch-cost spread, which is a property of one broker). Immutable.
 */
public record Target(Kind kind, double threshold) {
    /** How {@link #threshold} is compared. */
    public enum Kind { NONE, RATIO_AT_LEAST, RATIO_AT_MOST, VALUE_AT_MOST }

    /** No target: the row is shown for information. */
    public static final Target NONE = new Target(Kind.NONE, Double.NaN);

    public Target {
        if (kind != Kind.NONE && !(threshold > 0)) {
            throw new IllegalArgumentException("a target's threshold must be positive, got " + threshold);
        }
    }

    public static Target ratioAtLeast(double threshold) {
        return new Target(Kind.RATIO_AT_LEAST, threshold);
    }

    public static Target ratioAtMost(double threshold) {
        return new Target(Kind.RATIO_AT_MOST, threshold);
    }

    public static Target valueAtMost(double threshold) {
        return new Target(Kind.VALUE_AT_MOST, threshold);
    }

    /**
     * Judges a row: {@code brookValue} is Brook's median, {@code ratio} Brook ÷ Kafka (NaN when either
     * is missing).
     */
    public Verdict judge(double brookValue, double ratio) {
        double measured = switch (kind) {
            case NONE -> Double.NaN;
            case RATIO_AT_LEAST, RATIO_AT_MOST -> ratio;
            case VALUE_AT_MOST -> brookValue;
        };
        if (kind == Kind.NONE) {
            return Verdict.NO_TARGET;
        }
        if (Double.isNaN(measured) || Double.isInfinite(measured)) {
            return Verdict.NOT_MEASURED;
        }
        boolean met = kind == Kind.RATIO_AT_LEAST ? measured >= threshold : measured <= threshold;
        return met ? Verdict.MET : Verdict.NOT_MET;
    }

    /** The target as the table shows it: {@code ≥ 2×}, {@code ≤ 0.5×}, {@code ≤ 1.5}, or a dash. */
    public String describe() {
        return switch (kind) {
            case NONE -> "—";
            case RATIO_AT_LEAST -> "≥ " + trim(threshold) + "×";
            case RATIO_AT_MOST -> "≤ " + trim(threshold) + "×";
            case VALUE_AT_MOST -> "≤ " + trim(threshold);
        };
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }

    /** The outcome of {@link #judge}. */
    public enum Verdict {
        MET("yes"), NOT_MET("**no**"), NOT_MEASURED("not measured"), NO_TARGET("—");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
