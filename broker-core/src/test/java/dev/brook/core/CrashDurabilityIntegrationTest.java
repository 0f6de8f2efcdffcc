package dev.brook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.core.testing.AckingAppender;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM appends with {@code flush.messages=1} and is killed with SIGKILL
 * mid-stream, several times over; after each kill every acknowledged record must be there, once,
 * in order, with a valid CRC.
 */
class CrashDurabilityIntegrationTest {
    private static final int KILLS = 3;

    @TempDir
    Path dataDir;

    @Test
    void nothingAcknowledgedUnderFlushMessagesOneIsLostToKillDashNine() throws Exception {
        long acknowledgedEnd = 0;
        for (int round = 0; round < KILLS; round++) {
            long lastAck = runAndKill(acknowledgedEnd + 100 + round * 37L);
            try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).build())) {
                long end = broker.logEndOffset("crash", 0);
                assertThat(end).isGreaterThan(lastAck);
                assertContiguousAndValid(broker, end);
                acknowledgedEnd = end;
            }
        }
    }

    /** Starts the appender, waits until it has acknowledged past {@code target}, kills it; returns the last ack. */
    private long runAndKill(long target) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                AckingAppender.class.getName(), dataDir.toString(), "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        AtomicLong lastAck = new AtomicLong(-1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        lastAck.set(Long.parseLong(line.substring(4)));
                    }
                }
            } catch (IOException e) {
                // The stream ends when the process dies.
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> lastAck.get() >= target || !process.isAlive());
            assertThat(process.isAlive()).as("appender still running").isTrue();
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        return lastAck.get();
    }

    private static void assertContiguousAndValid(Broker broker, long end) {
        long offset = 0;
        while (offset < end) {
            LogReadResult result = broker.read("crash", 0, offset, 1 << 20);
            for (RecordBatch batch : result.batches()) {
                assertThat(batch.isValid()).as("CRC of batch at %d", batch.baseOffset()).isTrue();
                assertThat(batch.baseOffset()).isEqualTo(offset);
                int i = 0;
                for (Record record : batch.records()) {
                    assertThat(record.offset()).isEqualTo(offset);
                    assertThat(StandardCharsets.UTF_8.decode(record.value()).toString())
                            .isEqualTo("seq" + batch.baseOffset() + "-" + i++);
                    offset++;
                }
            }
        }
        assertThat(offset).isEqualTo(end);
    }
}
