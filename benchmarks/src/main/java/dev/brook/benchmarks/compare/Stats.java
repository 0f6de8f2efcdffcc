package dev.brook.benchmarks.compare;

import java.util.Arrays;
import java.util.Collection;

/** Medians and ratios for the comparison. Stateless. */
public final class Stats {
    private Stats() {
    }

    /**
     * The median of the values (the mean of the middle two for an even count); NaN when there are
     * none. NaN values (a failed run) are left out.
     */
    public static double median(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The median of an array of samples; NaN when empty. */
    public static double median(double[] samples) {
        return median(Arrays.stream(samples).boxed().toList());
    }

    /** {@code brook ÷ kafka}; NaN when either is missing or Kafka's is zero. */
    public static double ratio(double brook, double kafka) {
        if (Double.isNaN(brook) || Double.isNaN(kafka) || kafka == 0) {
            return Double.NaN;
        }
        return brook / kafka;
    }

    /** The largest ÷ the smallest of the values: 1.0 is perfectly flat. NaN if any is missing or not positive. */
    public static double spread(double... values) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : values) {
            if (Double.isNaN(v) || v <= 0) {
                return Double.NaN;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return values.length == 0 ? Double.NaN : max / min;
    }
}
