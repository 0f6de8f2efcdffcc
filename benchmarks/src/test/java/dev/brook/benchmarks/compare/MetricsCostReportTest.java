package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MetricsCostReportTest {
    @Test
    void theSettingsAlternateRoundByRoundSoThatDriftWeighsOnBoth() {
        List<List<Boolean>> schedule = MetricsCostReport.schedule(4);

        assertThat(schedule).containsExactly(List.of(true, false), List.of(false, true), List.of(true, false),
                List.of(false, true));
        assertThat(schedule.stream().mapToInt(pair -> pair.get(0) ? 1 : 0).sum()).isEqualTo(2);
        assertThatThrownBy(() -> MetricsCostReport.schedule(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rounds");
    }

    @Test
    void summariesGiveEachClientsMediansRangesAndRatio() {
        MetricsCostReport report = new MetricsCostReport();
        double[][] brook = {{300_000, 310_000}, {320_000, 300_000}, {290_000, 305_000}}; // {on, off} per round
        for (int round = 0; round < brook.length; round++) {
            report.add(new MetricsCostReport.Sample(round + 1, true, "brook", brook[round][0]));
            report.add(new MetricsCostReport.Sample(round + 1, false, "brook", brook[round][1]));
            report.add(new MetricsCostReport.Sample(round + 1, true, "kafka", 200_000));
        }

        List<MetricsCostReport.Summary> summaries = report.summaries();

        assertThat(summaries).extracting(MetricsCostReport.Summary::client).containsExactly("brook", "kafka");
        MetricsCostReport.Summary b = summaries.get(0);
        assertThat(b.on()).isEqualTo(300_000);
        assertThat(b.off()).isEqualTo(305_000);
        assertThat(b.ratio()).isCloseTo(300_000.0 / 305_000, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(b.onMin()).isEqualTo(290_000);
        assertThat(b.offMax()).isEqualTo(310_000);
        assertThat(summaries.get(1).ratio()).as("no run without metrics: no ratio").isNaN();
        assertThat(report.table("produce")).contains("| brook | 300.0 k (290.0 k–320.0 k, n=3) | 305.0 k", "| 0.984 |",
                "| kafka |", "| — |");
        assertThat(report.csv()).startsWith("round,metrics,client,records_per_second\n")
                .contains("1,on,brook,300000.0\n", "1,off,brook,310000.0\n");
    }

    @Test
    void theBrokerRunsWithTheComparisonsConfigurationAndOnlyMetricsSwitched() throws IOException {
        Properties on = parse(BrokerConfigs.render(MetricsCost.brokerConfig(Path.of("/tmp/d"), 1, 2, true)));
        Properties off = parse(BrokerConfigs.render(MetricsCost.brokerConfig(Path.of("/tmp/d"), 1, 2, false)));

        assertThat(on).containsEntry("metrics.enabled", "true");
        assertThat(off).containsEntry("metrics.enabled", "false");
        off.remove("metrics.enabled");
        assertThat(off).isEqualTo(parse(BrokerConfigs.render(BrokerConfigs.brook(Path.of("/tmp/d"), 1, 2))));
    }

    @Test
    void theDriverWarmsUpThenMeasuresTheProduceRowOfTheComparison() {
        List<Load> loads = MetricsCost.loads(500_000);

        assertThat(loads).extracting(Load::kind).containsExactly("grow", "produce");
        Load measured = loads.get(1);
        assertThat(measured.get("id")).isEqualTo(Plan.produceId(100, 1, 1));
        assertThat(measured.getLong("records")).isEqualTo(500_000);
        assertThat(measured.get("acks")).isEqualTo("1");
    }

    @Test
    void optionsNeedTheJarAndTakeRoundsRecordsAndClients() {
        MetricsCost.Options options = MetricsCost.Options.parse(new String[] {"--root", "/r", "--benchmarks-jar",
                "/r/b.jar", "--rounds", "3", "--records", "1000", "--clients", "brook"});

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.records()).isEqualTo(1000);
        assertThat(options.clients()).containsExactly("brook");
        assertThatThrownBy(() -> MetricsCost.Options.parse(new String[] {"--root", "/r"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--benchmarks-jar");
        assertThatThrownBy(() -> MetricsCost.Options.parse(new String[] {"--root", "/r", "--benchmarks-jar", "j",
                "--clients", "zookeeper"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zookeeper");
    }

    private static Properties parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
