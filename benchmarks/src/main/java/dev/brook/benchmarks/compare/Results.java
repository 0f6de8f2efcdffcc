package dev.brook.benchmarks.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every value measured in one comparison, by figure, column and run, and the medians and ratios
 * the table shows. Not thread-safe: the orchestrator fills it from one thread.
 */
public final class Results {
    /** One measured value. */
    public record Sample(int run, Column column, String figureId, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public void add(int run, Column column, String figureId, double value) {
        samples.add(new Sample(run, column, figureId, value));
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The median over runs of one figure in one column; NaN when never measured. */
    public double median(String figureId, Column column) {
        return Stats.median(samples.stream()
                .filter(s -> s.figureId().equals(figureId) && s.column() == column)
                .map(Sample::value).toList());
    }

    /** How many values one figure has in one column. */
    public int count(String figureId, Column column) {
        return (int) samples.stream().filter(s -> s.figureId().equals(figureId) && s.column() == column).count();
    }

    /** One row of the summary: the three medians, the two ratios to Kafka and the two verdicts. */
    public record Row(Figure figure, Map<Column, Double> medians, double brookClientRatio, double kafkaClientsRatio,
                      Target.Verdict brookClientVerdict, Target.Verdict kafkaClientsVerdict) {
    }

    /** The summary rows for the figures, in their order. */
    public List<Row> rows(List<Figure> figures) {
        List<Row> rows = new ArrayList<>();
        for (Figure figure : figures) {
            Map<Column, Double> medians = new EnumMap<>(Column.class);
            for (Column column : Column.values()) {
                medians.put(column, median(figure.id(), column));
            }
            double kafka = medians.get(Column.KAFKA);
            double brookClient = medians.get(Column.BROOK_CLIENT);
            double kafkaClients = medians.get(Column.BROOK_KAFKA_CLIENTS);
            double brookRatio = Stats.ratio(brookClient, kafka);
            double kafkaClientsRatio = Stats.ratio(kafkaClients, kafka);
            rows.add(new Row(figure, medians, brookRatio, kafkaClientsRatio,
                    figure.brookClientTarget().judge(brookClient, brookRatio),
                    figure.kafkaClientsTarget().judge(kafkaClients, kafkaClientsRatio)));
        }
        return rows;
    }

    /** The raw values as CSV: {@code run,column,figure,value}, one line per value, header first. */
    public String toCsv() {
        StringBuilder out = new StringBuilder("run,column,figure,value\n");
        for (Sample s : samples) {
            out.append(s.run()).append(',').append(s.column().id()).append(',').append(s.figureId()).append(',')
                    .append(String.format(Locale.ROOT, "%.6g", s.value())).append('\n');
        }
        return out.toString();
    }

    /** Medians of every figure as CSV: {@code figure,kafka,brook-brook-client,brook-kafka-clients}. */
    public String mediansCsv(List<Figure> figures) {
        StringBuilder out = new StringBuilder("figure");
        for (Column c : Column.values()) {
            out.append(',').append(c.id());
        }
        out.append('\n');
        Map<String, Figure> byId = new LinkedHashMap<>();
        figures.forEach(f -> byId.put(f.id(), f));
        for (Figure f : byId.values()) {
            out.append(f.id());
            for (Column c : Column.values()) {
                out.append(',').append(String.format(Locale.ROOT, "%.6g", median(f.id(), c)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
