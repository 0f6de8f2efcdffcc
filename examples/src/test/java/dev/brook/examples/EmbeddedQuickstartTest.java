package dev.brook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedQuickstartTest {
    @TempDir
    Path dataDir;

    @Test
    void printsTheRecordsItAppended() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmbeddedQuickstart.main(new String[] {dataDir.toString()});
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualToNormalizingNewlines("0: hello\n1: brook\n");
    }

    /** The README shows the example's code; this keeps the two the same. */
    @Test
    void theReadmeShowsThisExampleVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/brook/examples/EmbeddedQuickstart.java"));
        String example = source.substring(source.indexOf("// README example begins") + "// README example begins".length(),
                source.indexOf("        // README example ends")).stripTrailing();
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains(example.stripIndent().strip());
    }
}
