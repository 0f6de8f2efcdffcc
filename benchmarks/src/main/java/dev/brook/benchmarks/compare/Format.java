package dev.brook.benchmarks.compare;

import java.util.Locale;

/** Number formatting for the table: a few significant digits, {@code k} and {@code M} for rates. Stateless. */
public final class Format {
    private Format() {
    }

    /** A figure's value with its unit; for throughput rows the payload MB/s too. A dash when missing. */
    public static String value(Figure figure, double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        String text = figure.unit().isEmpty() ? number(value) : number(value) + " " + figure.unit();
        if (figure.bytesPerRecord() > 0) {
            text += " (" + number(value * figure.bytesPerRecord() / 1e6) + " MB/s)";
        }
        return text;
    }

    /** 1.23 M, 45.6 k, 123, 12.3, 1.23, 0.123. */
    public static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", value / 1e6);
        }
        if (abs >= 1e4) {
            return String.format(Locale.ROOT, "%.1f k", value / 1e3);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A ratio as {@code 1.23×}; a dash when missing. */
    public static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
