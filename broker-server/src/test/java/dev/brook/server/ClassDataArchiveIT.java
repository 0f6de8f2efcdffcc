package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive that bin/brook trains and passes to the JVM: recorded by the hidden
 * {@code train-class-data} command, used when it matches the jar, and ignored without a word on
 * standard output when the jar has changed since.
 */
class ClassDataArchiveIT {
    @TempDir
    static Path dir;

    private static Path jar;
    private static Path archive;

    /** The output of a finished process. */
    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void train() throws Exception {
        // A copy, so that changing its time cannot disturb other tests using the built jar.
        jar = Files.copy(Path.of(System.getProperty("brook.jar")), dir.resolve("brook.jar"));
        archive = dir.resolve("brook.jsa");
        Run training = java("-Xlog:cds*=off", "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(),
                "train-class-data");
        assertThat(training.exitCode()).as("training: %s", training.stderr()).isZero();
        assertThat(archive).isNotEmptyFile();
    }

    @Test
    void theArchiveHoldsTheBrokersClassesAndNotTheClients() throws Exception {
        Run run = java("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off", "-Xlog:class+load=info:stderr",
                "-jar", jar.toString(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Brook ");
        assertThat(run.stderr()).containsPattern("dev\\.brook\\.server\\.cli\\.BrookCommand source: shared objects file \\(top\\)");
        // Trained in child processes, the clients are not in the broker's archive.
        Run listed = java("-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit", "-jar", jar.toString());
        assertThat(listed.stdout()).contains("dev.brook.server.BrookServer")
                .doesNotContain("dev.brook.client.producer.Producer ")
                .doesNotContain("dev.brook.shaded.org.apache.kafka.clients.producer.KafkaProducer");
    }

    @Test
    void aStaleArchiveIsIgnoredQuietly() throws Exception {
        Path stale = Files.copy(jar, dir.resolve("stale.jar"));
        Path staleArchive = dir.resolve("stale.jsa");
        Files.copy(archive, staleArchive);
        // The archive recorded brook.jar's path, size and time: another jar is refused.
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().plusSeconds(60)));
        Run run = java("-XX:SharedArchiveFile=" + staleArchive, "-Xlog:cds*=off", "-Xlog:class+load=info:stderr",
                "-jar", stale.toString(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).as("standard output stays the command's own").matches("Brook \\S+\\R");
        assertThat(run.stderr()).contains("dev.brook.server.cli.BrookCommand source: file:")
                .doesNotContain("shared objects file (top)");
    }
}
