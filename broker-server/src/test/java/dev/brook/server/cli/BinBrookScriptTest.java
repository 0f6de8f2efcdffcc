package dev.brook.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** bin/brook's JVM options: documented, and overridable by BROOK_JAVA_OPTS. */
class BinBrookScriptTest {
    private static final Path SCRIPT = Path.of("../bin/brook");

    private static List<String> defaults() throws IOException {
        Matcher matcher = Pattern.compile("(?m)^defaults=\\(([^)]*)\\)").matcher(Files.readString(SCRIPT));
        assertThat(matcher.find()).as("bin/brook sets defaults=(...)").isTrue();
        return List.of(matcher.group(1).trim().split("\\s+"));
    }

    @Test
    void everyDefaultJvmOptionIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        List<String> defaults = defaults();
        assertThat(defaults).contains("-XX:+UseSerialGC");
        for (String option : defaults) {
            assertThat(doc).contains("| `" + option + "` |");
        }
    }

    @Test
    void brookJavaOptsComeAfterTheDefaultsAndTheArchive() throws IOException {
        String script = Files.readString(SCRIPT);
        assertThat(script).contains("exec java \"${defaults[@]}\" \"${cds[@]}\" \"${launched[@]}\" ${BROOK_JAVA_OPTS:-} -jar"
                + " \"$jar\" \"$@\"");
    }
}
