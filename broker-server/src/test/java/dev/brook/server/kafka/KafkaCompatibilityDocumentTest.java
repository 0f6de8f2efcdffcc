package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** docs/kafka-compatibility.md lists exactly the APIs and versions the Kafka listener advertises. */
class KafkaCompatibilityDocumentTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "kafka-compatibility.md");

    @Test
    void theApiTableMatchesWhatIsAdvertised() throws Exception {
        String document = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
        String begin = "<!-- api-table:begin -->\n";
        String end = "<!-- api-table:end -->";
        String table = document.substring(document.indexOf(begin) + begin.length(), document.indexOf(end));
        assertThat(table).isEqualTo(expectedTable());
    }

    static String expectedTable() {
        List<ApiVersion> versions = new ArrayList<>();
        new KafkaApiVersions().advertised().forEach(versions::add);
        // Listed only on a listener that requires SASL, which the document says under the table.
        versions.addAll(KafkaApiVersions.saslVersions());
        versions.sort(Comparator.comparingInt(ApiVersion::apiKey));
        StringBuilder table = new StringBuilder("| key | API | versions |\n|---|---|---|\n");
        for (ApiVersion version : versions) {
            table.append("| ").append(version.apiKey()).append(" | ").append(ApiKeys.forId(version.apiKey()).name)
                    .append(" | ").append(version.minVersion()).append("-").append(version.maxVersion()).append(" |\n");
        }
        return table.toString();
    }
}
