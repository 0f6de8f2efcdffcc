package dev.brook.examples;

import dev.brook.core.NewTopic;
import dev.brook.core.TopicConfig;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Retention: a topic in segments of about a hundred records holds 500 records stamped an hour
 * ago (as a replay of old data would be) and a fresh one; then its retention is cut to one minute
 * ({@code retention.ms=60000}). The next retention check deletes every closed segment whose
 * records are all past the minute, and the partition's start offset moves past them; what is left
 * is still served.
 *
 * <p>Run: {@code examples/run.sh ShortRetention}
 */
public final class ShortRetention {
    private ShortRetention() {
    }

    public static void main(String[] args) throws Exception {
        run(Files.createTempDirectory("brook-example"), System.out);
    }

    /** Returns the start offset after retention ran. */
    static long run(Path dataDir, PrintStream out) throws Exception {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir)
                .retentionCheckIntervalMs(200).build())) {
            server.broker().createTopic(NewTopic.of("short-lived", 1)
                    .withConfig(TopicConfig.SEGMENT_BYTES, String.valueOf(100 * 120))
                    .withConfig(TopicConfig.FILE_DELETE_DELAY_MS, "0"));
            long anHourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
            for (int i = 0; i < 500; i++) {
                ByteBuffer batch = RecordBatchBuilder.allocate(256)
                        .append(anHourAgo + i, null, ("record " + i).getBytes()).build();
                server.broker().append("short-lived", 0, batch);
            }
            server.broker().append("short-lived", 0, RecordBatchBuilder.allocate(256)
                    .append(System.currentTimeMillis(), null, "fresh".getBytes()).build());
            out.println("wrote 500 records an hour old and one fresh: offsets "
                    + server.broker().logStartOffset("short-lived", 0) + " to "
                    + (server.broker().logEndOffset("short-lived", 0) - 1) + ", " + segments(server) + " segments");
            server.broker().updateTopicConfig("short-lived", Map.of(TopicConfig.RETENTION_MS, "60000"), List.of());
            out.println("retention.ms set to 60000");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Retention runs in the background every 200 ms here (log.retention.check.interval.ms).
            while (server.broker().logStartOffset("short-lived", 0) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long start = server.broker().logStartOffset("short-lived", 0);
            out.println("after retention: offsets " + start + " to "
                    + (server.broker().logEndOffset("short-lived", 0) - 1) + ", " + segments(server) + " segment(s)");
            return start;
        }
    }

    private static int segments(BrookServer server) {
        return server.broker().describeTopic("short-lived").partitions().get(0).segmentCount();
    }
}
