package dev.brook.server.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brook status}: a one-screen summary of a running broker, read from its HTTP listener's
 * {@code /metrics} twice, {@code --interval-ms} apart, so that rates are what flows now: version,
 * uptime, listeners, topics with partitions and sizes, groups with lag, and bytes and records in
 * and out per second.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Summarise a running broker: version, uptime, listeners, topics, group lag and current rates.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7080",
            description = "The broker's HTTP listener (http.host:http.port). Default: ${DEFAULT-VALUE}.")
    String http;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Time between the two reads the rates are taken over. Default: ${DEFAULT-VALUE}.")
    long intervalMs;

    @Override
    public Integer call() throws Exception {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("--interval-ms must be positive, got " + intervalMs);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI metrics = URI.create("http://" + http + "/metrics");
        long started = System.nanoTime();
        PrometheusText before = scrape(client, metrics);
        Thread.sleep(intervalMs);
        PrometheusText after = scrape(client, metrics);
        double seconds = (System.nanoTime() - started) / 1e9;
        print(spec.commandLine().getOut(), before, after, seconds);
        return 0;
    }

    private PrometheusText scrape(HttpClient client, URI uri) throws Exception {
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not reach the broker's HTTP listener at " + http
                    + " (is it running, with http.enabled=true?): " + e, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body().strip());
        }
        return PrometheusText.parse(response.body());
    }

    private void print(PrintWriter out, PrometheusText before, PrometheusText now, double seconds) {
        PrometheusText.Sample info = now.first("brook_info");
        out.printf("Brook %s, cluster %s, up %s%n", info == null ? "?" : info.label("version"),
                info == null ? "?" : info.label("cluster_id"), duration((long) now.sum("process_uptime_seconds")));
        StringBuilder listeners = new StringBuilder();
        for (PrometheusText.Sample listener : now.all("brook_listener_port")) {
            String name = listener.label("listener");
            double connections = 0;
            for (PrometheusText.Sample c : now.all("brook_connections")) {
                if (c.label("listener").equals(name)) {
                    connections = c.value();
                }
            }
            listeners.append(String.format("%s %s:%d (%d connections), ", name, listener.label("host"),
                    (long) listener.value(), (long) connections));
        }
        listeners.append("http ").append(http);
        out.println("Listeners: " + listeners);
        out.printf("Now (over %.1f s): in %s/s, %.1f records/s; out %s/s%n", seconds,
                bytes(rate(before, now, "brook_topic_bytes_in_bytes_total", seconds)),
                rate(before, now, "brook_topic_records_in_total", seconds),
                bytes(rate(before, now, "brook_topic_bytes_out_bytes_total", seconds)));
        printTopics(out, before, now, seconds);
        printGroups(out, now);
        out.flush();
    }

    private static void printTopics(PrintWriter out, PrometheusText before, PrometheusText now, double seconds) {
        Map<String, Double> partitions = new TreeMap<>();
        now.all("brook_topic_partitions").forEach(s -> partitions.put(s.label("topic"), s.value()));
        Map<String, Double> sizes = new TreeMap<>();
        now.all("brook_partition_log_size_bytes").forEach(s -> sizes.merge(s.label("topic"), s.value(), Double::sum));
        Map<String, Double> ends = new TreeMap<>();
        now.all("brook_partition_log_end_offset").forEach(s -> ends.merge(s.label("topic"), s.value(), Double::sum));
        out.println();
        out.printf("%-32s %10s %12s %14s %12s %12s%n", "TOPIC", "PARTITIONS", "SIZE", "END OFFSETS", "IN/S", "OUT/S");
        if (partitions.isEmpty()) {
            out.println("(no topics)");
        }
        for (Map.Entry<String, Double> topic : partitions.entrySet()) {
            String name = topic.getKey();
            out.printf("%-32s %10d %12s %14d %12s %12s%n", name, topic.getValue().longValue(),
                    bytes(sizes.getOrDefault(name, 0.0)), ends.getOrDefault(name, 0.0).longValue(),
                    bytes(topicRate(before, now, "brook_topic_bytes_in_bytes_total", name, seconds)),
                    bytes(topicRate(before, now, "brook_topic_bytes_out_bytes_total", name, seconds)));
        }
    }

    private static void printGroups(PrintWriter out, PrometheusText now) {
        Map<String, Double> total = new TreeMap<>();
        Map<String, List<String>> detail = new TreeMap<>();
        for (PrometheusText.Sample lag : now.all("brook_group_lag")) {
            String group = lag.label("group");
            total.merge(group, lag.value(), Double::sum);
            detail.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(lag.label("topic") + "-" + lag.label("partition") + "=" + (long) lag.value());
        }
        out.println();
        out.printf("%-32s %12s  %s%n", "GROUP", "LAG", "BY PARTITION");
        if (total.isEmpty()) {
            out.println("(no groups with committed offsets)");
        }
        for (Map.Entry<String, Double> group : total.entrySet()) {
            out.printf("%-32s %12d  %s%n", group.getKey(), group.getValue().longValue(),
                    String.join(", ", detail.get(group.getKey())));
        }
    }

    private static double rate(PrometheusText before, PrometheusText now, String name, double seconds) {
        return Math.max(0, now.sum(name) - before.sum(name)) / seconds;
    }

    private static double topicRate(PrometheusText before, PrometheusText now, String name, String topic,
            double seconds) {
        return Math.max(0, topicSum(now, name, topic) - topicSum(before, name, topic)) / seconds;
    }

    private static double topicSum(PrometheusText text, String name, String topic) {
        double sum = 0;
        for (PrometheusText.Sample sample : text.all(name)) {
            if (sample.label("topic").equals(topic)) {
                sum += sample.value();
            }
        }
        return sum;
    }

    static String bytes(double bytes) {
        if (bytes < 1024) {
            return String.format("%.0f B", bytes);
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024);
        }
        if (bytes < 1024.0 * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024 * 1024));
        }
        return String.format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    static String duration(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        return (days > 0 ? days + "d " : "") + (days > 0 || hours > 0 ? hours + "h " : "") + minutes + "m "
                + seconds % 60 + "s";
    }
}
