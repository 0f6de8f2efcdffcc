package dev.brook.core.internal.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identity of a data directory, kept in its {@code cluster.id} file: a random UUID in the
 * 22-character URL-safe Base64 form Apache Kafka uses for cluster ids, created when the directory
 * is first opened and never changed, so that clients can tell one broker's data from another's.
 *
 * <p>Stateless; thread-safe.
 */
public final class ClusterId {
    /** The file name in the data directory. */
    public static final String FILE_NAME = "cluster.id";
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}");

    private ClusterId() {
    }

    /**
     * Reads the directory's id, creating it on first use.
     *
     * @throws IOException if the file cannot be read or written, or holds something that is not an id
     */
    public static String loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!FORMAT.matcher(id).matches()) {
                throw new IOException(file + " holds '" + id + "', not a 22-character cluster id");
            }
            return id;
        }
        String id = random();
        FileUtils.writeAtomically(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
        return id;
    }

    static String random() {
        UUID uuid = RandomIds.uuid();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
