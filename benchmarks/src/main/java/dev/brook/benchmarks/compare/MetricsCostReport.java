package dev.brook.benchmarks.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The like-for-like measurement of what metrics cost on the produce path ({@link MetricsCost}):
 * the order in which the two settings run, and the summary of what they gave. One broker process
 * per setting and round, the same build, the same loads; only {@code metrics.enabled} differs.
 *
 * <p>Not thread-safe: one orchestrator adds samples, then asks for the report.
 */
final class MetricsCostReport {
    /** One measured value: the round, the setting, the client, and records per second. */
    record Sample(int round, boolean metricsEnabled, String client, double recordsPerSecond) {
    }

    /** Medians of one client under both settings. */
    record Summary(String client, double on, double off, int onCount, int offCount, double onMin, double onMax,
                   double offMin, double offMax) {
        /** Throughput with metrics ÷ without: 1.0 means no cost, 0.97 a 3 % cost. NaN if a side is missing. */
        double ratio() {
            return Stats.ratio(on, off);
        }
    }

    private final List<Sample> samples = new ArrayList<>();

    /**
     * Which setting each round runs first: alternating, on-off then off-on (ABBA), so that a
     * machine that gets slower or faster during the measurement (page cache, a neighbour's build,
     * thermal limits) weighs on both settings alike.
     */
    static List<List<Boolean>> schedule(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        List<List<Boolean>> order = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            order.add(round % 2 == 1 ? List.of(true, false) : List.of(false, true));
        }
        return order;
    }

    void add(Sample sample) {
        samples.add(sample);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Per client, in the order first seen: medians, counts and ranges of both settings. */
    List<Summary> summaries() {
        Map<String, List<Sample>> byClient = new LinkedHashMap<>();
        for (Sample s : samples) {
            byClient.computeIfAbsent(s.client(), c -> new ArrayList<>()).add(s);
        }
        List<Summary> summaries = new ArrayList<>();
        byClient.forEach((client, list) -> {
            List<Double> on = list.stream().filter(Sample::metricsEnabled).map(Sample::recordsPerSecond).toList();
            List<Double> off = list.stream().filter(s -> !s.metricsEnabled()).map(Sample::recordsPerSecond).toList();
            summaries.add(new Summary(client, Stats.median(on), Stats.median(off), on.size(), off.size(),
                    min(on), max(on), min(off), max(off)));
        });
        return summaries;
    }

    /** A Markdown table of the medians, with each side's range, for docs/performance.md. */
    String table(String load) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(load).append(" | metrics on (median, range) | metrics off (median, range) | on ÷ off |\n");
        out.append("|---|---:|---:|---:|\n");
        for (Summary s : summaries()) {
            out.append(String.format(Locale.ROOT, "| %s | %s (%s–%s, n=%d) | %s (%s–%s, n=%d) | %s |%n", s.client(),
                    Format.number(s.on()), Format.number(s.onMin()), Format.number(s.onMax()), s.onCount(),
                    Format.number(s.off()), Format.number(s.offMin()), Format.number(s.offMax()), s.offCount(),
                    Double.isNaN(s.ratio()) ? "—" : String.format(Locale.ROOT, "%.3f", s.ratio())));
        }
        return out.toString();
    }

    /** Every sample, one a line: {@code round,metrics,client,records_per_second}. */
    String csv() {
        StringBuilder out = new StringBuilder("round,metrics,client,records_per_second\n");
        for (Sample s : samples) {
            out.append(String.format(Locale.ROOT, "%d,%s,%s,%.1f%n", s.round(), s.metricsEnabled() ? "on" : "off",
                    s.client(), s.recordsPerSecond()));
        }
        return out.toString();
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
