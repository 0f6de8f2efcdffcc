package dev.brook.benchmarks.compare;

import static dev.brook.benchmarks.compare.Orchestration.deleteTree;
import static dev.brook.benchmarks.compare.Orchestration.java;
import static dev.brook.benchmarks.compare.Orchestration.loadAverage;
import static dev.brook.benchmarks.compare.Orchestration.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What metrics cost on the produce path, like for like, run by {@code benchmarks/run-metrics-cost.sh}:
 * the same build of Brook started alternately with {@code metrics.enabled=true} and {@code false}
 * (the order alternating round by round, see {@link MetricsCostReport#schedule}), a fresh broker and
 * data directory each time, the comparison's produce load (100 B records, acks=1, 1 partition) from
 * a driver JVM with Brook's client and then kafka-clients. Prints each value, then the medians of
 * both settings and their ratio, and writes the raw values to
 * {@code benchmarks/results/<date>-metrics-cost.csv}. It does not edit docs/performance.md.
 *
 * <p>Single-threaded; a shutdown hook stops whatever broker or driver is running.
 */
public final class MetricsCost {
    static final String LOAD_ID = Plan.produceId(100, 1, 1);

    private final Options options;
    private final MetricsCostReport report = new MetricsCostReport();
    private final List<String> notes = new ArrayList<>();
    private volatile BrokerProcess currentBroker; // read by the shutdown hook's thread
    private volatile Process currentDriver; // read by the shutdown hook's thread

    /** The command line, as run-metrics-cost.sh passes it. */
    record Options(int rounds, long records, List<String> clients, Path root, Path benchmarksJar, Path tmp,
                   Path pidFile, Path logs) {
        static Options parse(String[] args) {
            int rounds = 5;
            long records = 500_000;
            List<String> clients = List.of("brook", "kafka");
            Path root = null;
            Path jar = null;
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path pidFile = null;
            Path logs = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--records" -> records = Long.parseLong(args[++i]);
                    case "--clients" -> clients = List.of(args[++i].split(","));
                    case "--root" -> root = Path.of(args[++i]);
                    case "--benchmarks-jar" -> jar = Path.of(args[++i]);
                    case "--tmp" -> tmp = Path.of(args[++i]);
                    case "--pid-file" -> pidFile = Path.of(args[++i]);
                    case "--logs" -> logs = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (root == null || jar == null) {
                throw new IllegalArgumentException("--root and --benchmarks-jar are required");
            }
            if (rounds < 1 || records < 1) {
                throw new IllegalArgumentException("--rounds and --records must be at least 1, got " + rounds
                        + " and " + records);
            }
            for (String client : clients) {
                if (!client.equals("brook") && !client.equals("kafka")) {
                    throw new IllegalArgumentException("--clients takes brook and/or kafka, not '" + client + "'");
                }
            }
            return new Options(rounds, records, clients, root, jar, tmp, pidFile, logs != null ? logs : tmp);
        }
    }

    MetricsCost(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        MetricsCost cost = new MetricsCost(Options.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(cost::stopEverything, "metrics-cost-shutdown"));
        cost.run();
    }

    /** The driver's loads: an untimed warm-up, then the measured produce. */
    static List<Load> loads(long records) {
        return List.of(Load.of("grow", "topic", "warmup", "size", 100, "records", Math.min(200_000, records)),
                Load.of("produce", "id", LOAD_ID, "topic", "measured", "size", 100, "acks", "1", "partitions", 1,
                        "records", records));
    }

    /** The broker's configuration: the comparison's, with only {@code metrics.enabled} set. */
    static Map<String, String> brokerConfig(Path dataDir, int port, int kafkaPort, boolean metricsEnabled) {
        Map<String, String> config = BrokerConfigs.brook(dataDir, port, kafkaPort);
        config.put("metrics.enabled", Boolean.toString(metricsEnabled));
        return config;
    }

    void run() throws Exception {
        String loadBefore = loadAverage();
        long start = System.nanoTime();
        List<List<Boolean>> schedule = MetricsCostReport.schedule(options.rounds());
        for (int round = 1; round <= schedule.size(); round++) {
            for (boolean enabled : schedule.get(round - 1)) {
                log("round %d of %d: metrics %s", round, schedule.size(), enabled ? "on" : "off");
                runBroker(round, enabled);
            }
        }
        String load = "produce 100 B, acks=1, 1 partition, " + String.format(Locale.ROOT, "%,d", options.records())
                + " records";
        System.out.println();
        System.out.println(report.table(load));
        for (MetricsCostReport.Summary s : report.summaries()) {
            System.out.printf(Locale.ROOT, "%s client: with metrics %.1f %% %s than without (median of %d rounds)%n",
                    s.client(), Math.abs(1 - s.ratio()) * 100, s.ratio() <= 1 ? "slower" : "faster",
                    Math.min(s.onCount(), s.offCount()));
        }
        notes.add(String.format(Locale.ROOT, "%d rounds in %.1f min; load average (1, 5, 15 min) %s before, %s after",
                options.rounds(), (System.nanoTime() - start) / 6e10, loadBefore, loadAverage()));
        notes.forEach(n -> System.out.println("note: " + n));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm", Locale.ROOT));
        Path results = options.root().resolve("benchmarks/results");
        Files.createDirectories(results);
        Path csv = results.resolve(stamp + "-metrics-cost.csv");
        Files.writeString(csv, report.csv());
        System.out.println("wrote " + csv);
    }

    private void runBroker(int round, boolean metricsEnabled) throws Exception {
        Path dir = Files.createTempDirectory(options.tmp(), "brook-metrics-cost-");
        Files.createDirectories(options.logs());
        Path log = options.logs().resolve("brook-round" + round + "-metrics-" + (metricsEnabled ? "on" : "off") + ".log");
        Files.deleteIfExists(log);
        try {
            int port = BrokerProcess.freePort();
            int kafkaPort = BrokerProcess.freePort();
            Path config = dir.resolve("brook.properties");
            Files.writeString(config, BrokerConfigs.render(brokerConfig(dir.resolve("data"), port, kafkaPort,
                    metricsEnabled)));
            List<String> command = List.of(options.root().resolve("bin/brook").toString(), "server", "--config",
                    config.toString());
            try (BrokerProcess broker = BrokerProcess.launch(command, Map.of(), log)) {
                currentBroker = broker;
                recordPid(broker.pid());
                try {
                    broker.awaitReady(kafkaPort, 120_000);
                } catch (IllegalStateException e) {
                    notes.add("round " + round + ", metrics " + (metricsEnabled ? "on" : "off") + ": " + e.getMessage());
                    return;
                }
                for (String client : options.clients()) {
                    runDriver(round, metricsEnabled, client, client.equals("brook") ? port : kafkaPort);
                }
            } finally {
                currentBroker = null;
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void runDriver(int round, boolean metricsEnabled, String client, int port) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", options.benchmarksJar().toString(),
                Driver.class.getName(), "--client", client, "--bootstrap", "127.0.0.1:" + port));
        loads(options.records()).forEach(l -> command.add(l.toString()));
        Process driver = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        currentDriver = driver;
        recordPid(driver.pid());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT " + LOAD_ID + " ")) {
                    double value = Double.parseDouble(line.split(" ")[2]);
                    report.add(new MetricsCostReport.Sample(round, metricsEnabled, client, value));
                    log("  %s client, metrics %s: %s records/s", client, metricsEnabled ? "on" : "off",
                            Format.number(value));
                } else if (line.startsWith("FAILED ")) {
                    notes.add("round " + round + ", " + client + " client: " + line.substring(7));
                }
            }
            if (!driver.waitFor(10, TimeUnit.MINUTES)) {
                driver.destroyForcibly();
                notes.add("round " + round + ", " + client + " client: the driver did not exit and was killed");
            }
        } finally {
            currentDriver = null;
        }
    }

    private void recordPid(long pid) throws IOException {
        Orchestration.recordPid(options.pidFile(), pid);
    }

    private void stopEverything() {
        Orchestration.stop(currentDriver, currentBroker);
    }
}
