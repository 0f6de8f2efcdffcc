package dev.brook.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that has its own kafka-clients, of another version than Brook's, embeds Brook from
 * the runnable jar: {@code src/embedding-app/java} is compiled against that kafka-clients and
 * brook.jar, then run in a child JVM whose class path is the application's classes and libraries
 * followed by brook.jar, as an application would put it.
 */
class EmbeddingWithOtherKafkaClientsIT {
    @TempDir
    Path dir;

    @Test
    void anApplicationWithKafkaClients39EmbedsBrookAndUsesItsOwnClients() throws Exception {
        String appVersion = System.getProperty("embedding.app.kafka.version");
        String serverVersion = System.getProperty("server.kafka.version");
        assertThat(appVersion).isNotEqualTo(serverVersion);

        List<Path> libraries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("embedding.app.lib")))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(libraries::add);
        }
        libraries.add(Path.of(System.getProperty("brook.jar")));
        String libraryPath = String.join(":", libraries.stream().map(Path::toString).toList());
        Path classes = compileApplication(libraryPath);

        Command.Result run = Command.java(classes + ":" + libraryPath, "dev.brook.compat.app.EmbeddedBrookApp",
                dir.resolve("data").toString()).run(dir, Duration.ofSeconds(90));
        run.assertSucceeded();
        Map<String, String> printed = keyValues(run.stdout());

        assertThat(printed).as(run.describe("printed")).containsEntry("app.kafka.version", appVersion)
                .containsEntry("app.kafka.jar", "kafka-clients-" + appVersion + ".jar")
                .containsEntry("server.kafka.version", serverVersion)
                .containsEntry("server.kafka.jar", "brook.jar")
                .containsEntry("produced", "100")
                .containsEntry("consumed", "100")
                .containsEntry("first", "lz4-0")
                .containsEntry("last", "gzip-24")
                .containsEntry("closed", "true");
        assertThat(printed.get("topics")).contains("embedded");
        assertThat(run.stderr()).as(run.describe("logged")).doesNotContain("NoSuchMethodError", "NoClassDefFoundError",
                "UnsatisfiedLinkError", "ClassCastException");
    }

    private Path compileApplication(String classPath) throws IOException {
        Path classes = dir.resolve("app-classes");
        Files.createDirectories(classes);
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("embedding.app.src")))) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (the tests run on a JRE?)").isNotNull();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-cp", classPath,
                "-d", classes.toString()));
        args.addAll(sources);
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(status).as("javac: %s", errors).isZero();
        return classes;
    }

    static Map<String, String> keyValues(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        output.lines().filter(line -> line.contains("=") && !line.contains(" ")).forEach(line -> {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        });
        return values;
    }
}
