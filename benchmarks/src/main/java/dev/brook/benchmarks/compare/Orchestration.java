package dev.brook.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the orchestrators ({@link Compare}, {@link MetricsCost}) share: the java binary the
 * brokers and drivers run on, the machine's load average for the report, deleting a broker's
 * data, recording and stopping the processes started, and time-stamped progress lines.
 *
 * <p>Stateless; thread-safe.
 */
final class Orchestration {
    private Orchestration() {
    }

    /** The java binary of this JVM, for the processes an orchestrator starts. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The 1, 5 and 15 minute load averages, or "unknown": the report says how busy the machine was. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Prints one progress line, prefixed with the time of day. */
    static void log(String format, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = java.time.LocalTime.now();
        System.arraycopy(args, 0, all, 1, args.length);
        System.out.printf(Locale.ROOT, "[%tT] " + format + "%n", all);
        System.out.flush();
    }

    /** Appends {@code pid} to {@code pidFile} (if there is one), for the script's clean-up on exit. */
    static void recordPid(Path pidFile, long pid) throws IOException {
        if (pidFile != null) {
            Files.writeString(pidFile, pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Kills the driver and stops the broker now running, either of which may be null. */
    static void stop(Process driver, BrokerProcess broker) {
        if (driver != null) {
            driver.destroyForcibly();
        }
        if (broker != null) {
            broker.stop();
        }
    }
}
