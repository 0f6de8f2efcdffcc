package dev.brook.server.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition (format 0.0.4), as {@code /metrics} serves it:
 * comment lines are skipped, each other line is {@code name{label="value",...} number}.
 * Immutable once parsed.
 */
final class PrometheusText {
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: a metric name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                Matcher matcher = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (matcher.find()) {
                    labels.put(matcher.group(1), matcher.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            } else {
                name = line.substring(0, space);
            }
            samples.add(new Sample(name, labels, parseValue(line.substring(space + 1))));
        }
        return new PrometheusText(samples);
    }

    private static double parseValue(String value) {
        switch (value) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                return Double.parseDouble(value);
        }
    }

    /** Every sample of metric {@code name}, in the order served. */
    List<Sample> all(String name) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name)) {
                found.add(sample);
            }
        }
        return found;
    }

    /** The sum of every sample of {@code name} (0 when there is none). */
    double sum(String name) {
        double sum = 0;
        for (Sample sample : all(name)) {
            sum += sample.value();
        }
        return sum;
    }

    /** The first sample of {@code name}, or null. */
    Sample first(String name) {
        List<Sample> found = all(name);
        return found.isEmpty() ? null : found.get(0);
    }
}
