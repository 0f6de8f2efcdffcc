package dev.brook.core.internal.log;

import dev.brook.core.internal.util.FileUtils;
import dev.brook.protocol.TopicPartition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@code recovery-point-offset-checkpoint} in the data directory: for each partition, the
 * offset below which its log is known to be on disk. After a crash only data from there on is
 * rescanned.
 *
 * <pre>
 *  brook-recovery-points 1
 *  &lt;topic&gt; &lt;partition&gt; &lt;offset&gt;
 *  ...
 * </pre>
 *
 * Written atomically (temporary file, fsync, rename). A missing or unreadable file means "recover
 * everything", which is slow but never wrong. Stateless; thread-safe for distinct files.
 */
public final class RecoveryPointCheckpoint {
    public static final String FILE_NAME = "recovery-point-offset-checkpoint";
    private static final Logger log = LoggerFactory.getLogger(RecoveryPointCheckpoint.class);
    private static final String HEADER = "brook-recovery-points 1";

    private final Path file;

    public RecoveryPointCheckpoint(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** Writes the recovery points, replacing the file. */
    public void write(Map<TopicPartition, Long> recoveryPoints) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<TopicPartition, Long> entry : new TreeMap<>(recoveryPoints).entrySet()) {
            text.append(entry.getKey().topic()).append(' ').append(entry.getKey().partition()).append(' ')
                    .append(entry.getValue()).append('\n');
        }
        FileUtils.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The recovery points in the file; empty when it is missing or damaged (logged). */
    public Map<TopicPartition, Long> read() {
        Map<TopicPartition, Long> points = new HashMap<>();
        if (!Files.exists(file)) {
            return points;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IOException("unexpected first line");
            }
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(" ");
                if (fields.length != 3) {
                    throw new IOException("malformed line '" + line + "'");
                }
                points.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
            }
        } catch (IOException | NumberFormatException e) {
            log.warn("ignoring damaged {} ({}); every log will be recovered from its start", file, e.getMessage());
            points.clear();
        }
        return points;
    }
}
