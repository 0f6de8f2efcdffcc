package dev.brook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs, as {@code examples/run.sh NAME} runs it, and shows what it says it shows. */
class ExamplesTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void producerConsumerQuickstart() throws Exception {
        ProducerConsumerQuickstart.run(dir, out);
        assertThat(printed()).isEqualTo("0: hello = brook" + System.lineSeparator());
    }

    @Test
    void theKafkaIntroductionsProducerAndConsumer() throws Exception {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build())) {
            String bootstrap = "127.0.0.1:" + server.port();
            SalesProducer.run(bootstrap, out);
            List<String> read = SalesConsumer.run(bootstrap, Duration.ofSeconds(2), out);
            assertThat(read).containsExactlyInAnyOrder("New sale happened", "Refund", "Sale");
            assertThat(printed()).contains("sent 'New sale happened' to partition 0 at offset 0")
                    .contains("partition 0, offset 0: New sale happened");
            // As getting-started.md shows: the keyless two stick to one partition.
            Matcher refund = Pattern.compile("sent 'Refund' to partition (\\d)").matcher(printed());
            Matcher sale = Pattern.compile("sent 'Sale' to partition (\\d)").matcher(printed());
            assertThat(refund.find() && sale.find()).as(printed()).isTrue();
            assertThat(sale.group(1)).isEqualTo(refund.group(1));
        }
    }

    @Test
    void queueAndPublishSubscribe() throws Exception {
        Map<String, Integer> counts = QueueAndPublishSubscribe.run(dir, out);
        assertThat(counts.get("worker-1") + counts.get("worker-2") + counts.get("worker-3")).isEqualTo(30);
        assertThat(counts).allSatisfy((name, count) -> assertThat(count).as(name).isPositive());
        assertThat(counts.get("auditor")).isEqualTo(30);
    }

    @Test
    void shortRetention() throws Exception {
        long start = ShortRetention.run(dir, out);
        assertThat(start).isPositive();
        assertThat(printed()).contains("wrote 500 records an hour old and one fresh: offsets 0 to 500").contains("after retention: offsets " + start);
    }

    @Test
    void readFromATime() throws Exception {
        List<String> values = ReadFromATime.run(dir, out);
        assertThat(values).hasSize(30).startsWith("reading at 10:30").endsWith("reading at 10:59");
        assertThat(printed()).contains("the first reading at or after 10:30 is at offset 30");
    }

    @Test
    void kafkaClientsApplication() throws Exception {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build())) {
            List<String> values = KafkaClientsApplication.run(server.kafkaBootstrapServers(), out);
            assertThat(values).containsExactlyInAnyOrder("order 1 placed", "order 2 placed", "order 3 placed",
                    "order 4 placed", "order 5 placed");
        }
    }
}
