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
 * The orchestrator of issue 7's comparison, run by {@code benchmarks/run-vs-kafka.sh}: starts Apache
 * Kafka and Brook one at a time, alternating, runs a driver JVM per client against each, measures
 * start-to-ready and peak memory, and writes the table into docs/performance.md and the raw values
 * into benchmarks/results/. Single-threaded; a shutdown hook stops whatever broker or driver is running.
 */
public final class Compare {
    private final Options options;
    private final Plan plan;
    private final Results results = new Results();
    private final List<String> notes = new ArrayList<>();
    private volatile BrokerProcess currentBroker; // read by the shutdown hook's thread
    private volatile Process currentDriver; // read by the shutdown hook's thread

    /** The command line, as run-vs-kafka.sh passes it. */
    record Options(boolean quick, int runs, Path root, Path kafkaLibs, Path benchmarksJar, Path tmp, Path pidFile,
                   Path logs, long budgetSeconds, String command, List<String> notes) {
        static Options parse(String[] args) {
            boolean quick = false;
            Integer runs = null;
            Path root = null;
            Path kafkaLibs = null;
            Path jar = null;
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path pidFile = null;
            Long budget = null;
            String command = "benchmarks/run-vs-kafka.sh";
            Path logs = null;
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--root" -> root = Path.of(args[++i]);
                    case "--kafka-libs" -> kafkaLibs = Path.of(args[++i]);
                    case "--benchmarks-jar" -> jar = Path.of(args[++i]);
                    case "--tmp" -> tmp = Path.of(args[++i]);
                    case "--pid-file" -> pidFile = Path.of(args[++i]);
                    case "--budget-seconds" -> budget = Long.parseLong(args[++i]);
                    case "--command" -> command = args[++i];
                    case "--logs" -> logs = Path.of(args[++i]);
                    case "--note" -> notes.add(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (root == null || kafkaLibs == null || jar == null) {
                throw new IllegalArgumentException("--root, --kafka-libs and --benchmarks-jar are required");
            }
            int n = runs != null ? runs : quick ? 1 : 3;
            if (n < 1) {
                throw new IllegalArgumentException("--runs must be at least 1, got " + n);
            }
            return new Options(quick, n, root, kafkaLibs, jar, tmp, pidFile, logs != null ? logs : tmp,
                    budget != null ? budget : quick ? 270 : 1680, command, List.copyOf(notes));
        }
    }

    Compare(Options options) {
        this.options = options;
        this.plan = options.quick() ? Plan.quickPlan() : Plan.fullPlan();
        this.notes.addAll(options.notes());
    }

    public static void main(String[] args) throws Exception {
        Compare compare = new Compare(Options.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(compare::stopEverything, "compare-shutdown"));
        compare.run();
    }

    void run() throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(options.budgetSeconds());
        String loadBefore = loadAverage();
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
        int completed = 0;
        long lastPairNs = 0;
        for (int run = 1; run <= options.runs(); run++) {
            long pairStart = System.nanoTime();
            if (run > 1 && pairStart + lastPairNs * 11 / 10 > deadline) {
                notes.add("Stopped after " + completed + " of " + options.runs() + " runs: another would have passed the "
                        + options.budgetSeconds() + " s budget.");
                break;
            }
            boolean first = run == 1;
            log("run %d of %d: Apache Kafka", run, options.runs());
            runKafka(run, first, deadline);
            log("run %d of %d: Brook", run, options.runs());
            runBrook(run, first, deadline);
            completed++;
            lastPairNs = System.nanoTime() - pairStart;
            if (first) {
                // The fetch-cost partition is grown only in the first run; the other runs are shorter.
                lastPairNs = lastPairNs * 2 / 3;
            }
        }
        notes.add("Page cache: as the machine has it; each broker's loads write into memory the previous broker's "
                + "deleted data freed moments before (warm with warm), and every figure is from one run of the loads in the "
                + "order listed under What each figure is.");
        notes.add(String.format(Locale.ROOT, "Runs: %d (medians of these), wall time %.1f min; load average (1, 5, 15 min) "
                + "%s before, %s after.", completed, (System.nanoTime() - start) / 6e10, loadBefore, loadAverage()));
        writeOutputs(date, completed);
    }

    private void runKafka(int run, boolean first, long deadline) throws Exception {
        Path dir = Files.createTempDirectory(options.tmp(), "brook-vs-kafka-kafka-");
        try {
            int port = BrokerProcess.freePort();
            int controllerPort = BrokerProcess.freePort();
            Path config = dir.resolve("server.properties");
            Files.writeString(config, BrokerConfigs.render(BrokerConfigs.kafka(dir.resolve("data"), port, controllerPort)));
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, BrokerConfigs.kafkaLog4j2());
            Path log = brokerLog("kafka", run);
            String classpath = options.kafkaLibs().toAbsolutePath() + "/*";
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            List<String> format = List.of(java(), "-cp", classpath, "-Dlog4j2.configurationFile=" + log4j,
                    "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString(), "--standalone");
            Process formatting = new ProcessBuilder(format).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!formatting.waitFor(120, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("formatting Kafka's storage failed; see " + log);
            }
            List<String> command = new ArrayList<>();
            command.add(java());
            command.addAll(BrokerConfigs.kafkaJvmOptions());
            command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j, "-Dkafka.logs.dir=" + dir.resolve("logs"),
                    "-cp", classpath, "kafka.Kafka", config.toString()));
            measureBroker(run, List.of(Column.KAFKA), command, Map.of(), log, port, deadline, () -> {
                runDriver(run, Column.KAFKA, "kafka", port, plan.loads("kc-", first, first), deadline);
            });
        } finally {
            deleteTree(dir);
        }
    }

    private void runBrook(int run, boolean first, long deadline) throws Exception {
        Path dir = Files.createTempDirectory(options.tmp(), "brook-vs-kafka-brook-");
        try {
            int port = BrokerProcess.freePort();
            int kafkaPort = BrokerProcess.freePort();
            Path config = dir.resolve("brook.properties");
            Files.writeString(config, BrokerConfigs.render(BrokerConfigs.brook(dir.resolve("data"), port, kafkaPort)));
            Path log = brokerLog("brook", run);
            // bin/brook rebuilds Brook when a source is newer than its jar; let that happen now, untimed.
            Process check = new ProcessBuilder(options.root().resolve("bin/brook").toString(), "--help")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!check.waitFor(10, TimeUnit.MINUTES) || check.exitValue() != 0) {
                check.destroyForcibly();
                throw new IllegalStateException("bin/brook --help failed; see " + log);
            }
            List<String> command = List.of(options.root().resolve("bin/brook").toString(), "server", "--config", config.toString());
            measureBroker(run, List.of(Column.BROOK_CLIENT, Column.BROOK_KAFKA_CLIENTS), command, Map.of(), log,
                    kafkaPort, deadline, () -> {
                        // Brook's own client grows the fetch-cost partition in the first run, so it goes first
                        // there; the order alternates after.
                        boolean brookFirst = run % 2 == 1;
                        for (int i = 0; i < 2; i++) {
                            if ((i == 0) == brookFirst) {
                                runDriver(run, Column.BROOK_CLIENT, "brook", port, plan.loads("bc-", first, first), deadline);
                            } else {
                                runDriver(run, Column.BROOK_KAFKA_CLIENTS, "kafka", kafkaPort, plan.loads("kc-", false, first), deadline);
                            }
                        }
                    });
        } finally {
            deleteTree(dir);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private void measureBroker(int run, List<Column> columns, List<String> command, Map<String, String> env, Path log,
                               int kafkaPort, long deadline, Work work) throws Exception {
        try (BrokerProcess broker = BrokerProcess.launch(command, env, log)) {
            currentBroker = broker;
            recordPid(broker.pid());
            double readyMs;
            try {
                readyMs = broker.awaitReady(kafkaPort, 120_000);
            } catch (IllegalStateException e) {
                notes.add("Run " + run + ", " + columns.get(0).heading() + ": " + e.getMessage() + ".");
                log("%s; its log:%n%s", e.getMessage(), tail(log));
                return;
            }
            log("ready in %.0f ms (pid %d)", readyMs, broker.pid());
            for (Column c : columns) {
                results.add(run, c, "broker.start", readyMs);
            }
            work.run();
            double vmHwmMib = broker.vmHwmKib() / 1024.0;
            log("peak resident memory %.0f MiB", vmHwmMib);
            for (Column c : columns) {
                results.add(run, c, "broker.vmhwm", vmHwmMib);
            }
        } finally {
            currentBroker = null;
        }
    }

    private void runDriver(int run, Column column, String client, int port, List<Load> loads, long deadline) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", options.benchmarksJar().toString(),
                Driver.class.getName(), "--client", client, "--bootstrap", "127.0.0.1:" + port));
        loads.forEach(l -> command.add(l.toString()));
        log("  driver: %s client against port %d", client, port);
        Process driver = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        currentDriver = driver;
        recordPid(driver.pid());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            Thread watchdog = new Thread(() -> {
                try {
                    long wait = Math.max(deadline - System.nanoTime(), 0) + TimeUnit.SECONDS.toNanos(30);
                    if (!driver.waitFor(wait, TimeUnit.NANOSECONDS)) {
                        notes.add("Run " + run + ", " + column.heading() + ": the driver passed the time budget and was killed.");
                        driver.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "driver-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ");
                    double value = Double.parseDouble(parts[2]);
                    results.add(run, column, parts[1], value);
                    if (parts[1].equals(Plan.produceId(100, 1, 1))) {
                        results.add(run, column, "scale.p1", value);
                    }
                    log("    %s %s = %s", column.id(), parts[1], Format.number(value));
                } else if (line.startsWith("FAILED ")) {
                    notes.add("Run " + run + ", " + column.heading() + ": " + line.substring(7));
                    log("    %s", line);
                }
            }
            driver.waitFor();
        } finally {
            currentDriver = null;
        }
    }

    private void writeOutputs(String date, int completed) throws IOException {
        List<Figure> figures = plan.figures();
        List<Results.Row> rows = results.rows(figures);
        String table = Report.table(rows);
        System.out.println();
        System.out.println(table);
        notes.forEach(n -> System.out.println("note: " + n));

        String stamp = date.replace(' ', 'T').replace(":", "");
        Path resultsDir = options.root().resolve("benchmarks/results");
        Files.createDirectories(resultsDir);
        String base = stamp + "-vs-kafka" + (options.quick() ? "-quick" : "");
        Files.writeString(resultsDir.resolve(base + ".csv"), results.toCsv());
        Files.writeString(resultsDir.resolve(base + "-medians.csv"), results.mediansCsv(figures));

        List<String> allNotes = new ArrayList<>(notes);
        allNotes.add("Raw values: `benchmarks/results/" + base + ".csv`; medians: `benchmarks/results/" + base + "-medians.csv`.");
        Report.RunInfo info = new Report.RunInfo(date, machine(), jvm(), options.command(), plan.describe(), allNotes);
        Path docs = options.root().resolve("docs/performance.md");
        String updated = DocsSection.replaceBody(Files.readString(docs), Report.SECTION, Report.section(info, rows));
        Files.writeString(docs, updated);
        System.out.println("wrote " + docs + " and " + resultsDir.resolve(base + ".csv"));
    }

    static String machine() {
        String model = "unknown CPU";
        String memory = "unknown memory";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse(memory);
        } catch (IOException | RuntimeException e) {
            // Not Linux: say what we know.
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (`nproc`), " + model + ", " + memory;
    }

    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (drivers and both brokers)";
    }

    /** Each broker's output, kept after its data is deleted. */
    private Path brokerLog(String broker, int run) throws IOException {
        Files.createDirectories(options.logs());
        Path log = options.logs().resolve(broker + "-run" + run + ".log");
        Files.deleteIfExists(log);
        return log;
    }

    private void recordPid(long pid) throws IOException {
        Orchestration.recordPid(options.pidFile(), pid);
    }

    private void stopEverything() {
        Orchestration.stop(currentDriver, currentBroker);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
