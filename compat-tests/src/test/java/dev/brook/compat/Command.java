package dev.brook.compat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to completion within a time limit: a JVM with a given class path, or any
 * program (npm, node). Output goes to files rather than pipes, so that nothing is lost and a chatty
 * child never blocks on a full pipe. A child still running at its limit is killed and reported.
 *
 * <p>Not thread-safe; one per run.
 */
final class Command {
    /** What a finished child printed, and how it ended. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result assertSucceeded() {
            if (exitCode != 0) {
                throw new AssertionError(describe("exited with " + exitCode));
            }
            return this;
        }

        /**
         * Exited with 0 and logged no error. Kafka's console tools exit with 0 even when every record
         * failed, logging the failure: both are checked.
         */
        Result assertSucceededWithoutErrors() {
            assertSucceeded();
            if (stderr.lines().anyMatch(line -> line.contains(" ERROR "))) {
                throw new AssertionError(describe("logged an error"));
            }
            return this;
        }

        String describe(String what) {
            // A JVM's class path is long and says nothing about what failed: name the program from its main class.
            int classPath = command.indexOf("-cp");
            List<String> shown = classPath < 0 ? command : command.subList(classPath + 2, command.size());
            return String.join(" ", shown) + " " + what + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private final List<String> command = new ArrayList<>();
    private final Map<String, String> environment = new java.util.HashMap<>();
    private Path workDir;
    private String stdin;

    private Command(List<String> command) {
        this.command.addAll(command);
    }

    static Command of(String... command) {
        return new Command(List.of(command));
    }

    /** {@code java -cp CLASSPATH MAIN ARGS} with the JDK that runs the tests. */
    static Command java(String classPath, String mainClass, String... args) {
        Command c = of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, mainClass);
        c.command.addAll(List.of(args));
        return c;
    }

    Command args(String... args) {
        command.addAll(List.of(args));
        return this;
    }

    Command stdin(String input) {
        this.stdin = input;
        return this;
    }

    Command workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    Command env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    Result run(Path scratch, Duration limit) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "child", ".out");
        Path err = Files.createTempFile(scratch, "child", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process = builder.start();
        if (stdin != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Result partial = new Result(command, -1, read(out), read(err));
            throw new AssertionError(partial.describe("did not finish within " + limit));
        }
        return new Result(command, process.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
