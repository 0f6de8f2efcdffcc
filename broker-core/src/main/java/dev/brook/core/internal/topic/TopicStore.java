package dev.brook.core.internal.topic;

import dev.brook.core.internal.util.FileUtils;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where topics live on disk, and their metadata:
 *
 * <pre>
 *  &lt;data dir&gt;/topics/&lt;topic&gt;/topic.properties   id, partitions, config.&lt;key&gt; overrides
 *  &lt;data dir&gt;/topics/&lt;topic&gt;/&lt;partition&gt;/        one directory of segments per partition
 *  &lt;data dir&gt;/deleted/                           deleted topics, removed after a delay
 * </pre>
 *
 * {@code topic.properties} is written atomically and last when a topic is created, so a topic
 * directory without it is a creation that a crash interrupted: it is removed at load. Partition
 * directories beyond the recorded count are an interrupted partition increase, also removed.
 *
 * <p>Not thread-safe: the broker serializes topic administration.
 */
public final class TopicStore {
    static final String METADATA_FILE = "topic.properties";
    private static final Logger log = LoggerFactory.getLogger(TopicStore.class);
    private static final String CONFIG_PREFIX = "config.";

    private final Path topicsDir;
    private final Path deletedDir;

    public TopicStore(Path dataDir) throws IOException {
        this.topicsDir = dataDir.resolve("topics");
        this.deletedDir = dataDir.resolve("deleted");
        Files.createDirectories(topicsDir);
        Files.createDirectories(deletedDir);
    }

    /** The stored metadata of one topic. Immutable. */
    public static final class StoredTopic {
        public final String name;
        public final UUID id;
        public final int partitions;
        public final Map<String, String> overrides;

        public StoredTopic(String name, UUID id, int partitions, Map<String, String> overrides) {
            this.name = name;
            this.id = id;
            this.partitions = partitions;
            this.overrides = Map.copyOf(overrides);
        }
    }

    public Path topicDir(String topic) {
        return topicsDir.resolve(topic);
    }

    public Path partitionDir(String topic, int partition) {
        return topicDir(topic).resolve(Integer.toString(partition));
    }

    /** Every complete topic, with leftovers of interrupted creations removed. */
    public List<StoredTopic> loadAll() throws IOException {
        List<StoredTopic> topics = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(topicsDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                Path metadata = dir.resolve(METADATA_FILE);
                if (!Files.exists(metadata)) {
                    log.warn("removing {}: its topic was never fully created (no {})", dir, METADATA_FILE);
                    FileUtils.deleteRecursively(dir);
                    continue;
                }
                StoredTopic topic = read(name, metadata);
                removeExtraPartitions(topic);
                topics.add(topic);
            }
        }
        return topics;
    }

    private StoredTopic read(String name, Path metadata) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(metadata, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        try {
            UUID id = UUID.fromString(require(properties, "id", metadata));
            int partitions = Integer.parseInt(require(properties, "partitions", metadata));
            Map<String, String> overrides = new TreeMap<>();
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith(CONFIG_PREFIX)) {
                    overrides.put(key.substring(CONFIG_PREFIX.length()), properties.getProperty(key));
                }
            }
            return new StoredTopic(name, id, partitions, overrides);
        } catch (IllegalArgumentException e) {
            throw new IOException("topic metadata " + metadata + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String require(Properties properties, String key, Path file) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("topic metadata " + file + " has no '" + key + "'");
        }
        return value;
    }

    private void removeExtraPartitions(StoredTopic topic) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(topicDir(topic.name), Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                int partition;
                try {
                    partition = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (partition >= topic.partitions) {
                    log.warn("removing {}: partition {} of {} was never fully created", dir, partition, topic.name);
                    FileUtils.deleteRecursively(dir);
                }
            }
        }
    }

    /** Writes the topic's metadata atomically, creating its directory if needed. */
    public void write(StoredTopic topic) throws IOException {
        Path dir = topicDir(topic.name);
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        Properties properties = new Properties();
        properties.setProperty("id", topic.id.toString());
        properties.setProperty("partitions", Integer.toString(topic.partitions));
        for (Map.Entry<String, String> entry : topic.overrides.entrySet()) {
            properties.setProperty(CONFIG_PREFIX + entry.getKey(), entry.getValue());
        }
        StringWriter text = new StringWriter();
        properties.store(text, "Brook topic " + topic.name + ": written by the broker, do not edit while it runs");
        FileUtils.writeAtomically(dir.resolve(METADATA_FILE), text.toString().getBytes(StandardCharsets.UTF_8));
        if (created) {
            FileUtils.syncDirectory(topicsDir);
        }
    }

    /** Moves the topic's directory out of the way, returning where it went; delete it later with {@link #purge}. */
    public Path moveToDeleted(String topic, UUID id) throws IOException {
        Path target = deletedDir.resolve(topic + "-" + id);
        Files.move(topicDir(topic), target);
        FileUtils.syncDirectory(topicsDir);
        FileUtils.syncDirectory(deletedDir);
        return target;
    }

    /** Deletes a directory returned by {@link #moveToDeleted}. */
    public void purge(Path deleted) throws IOException {
        FileUtils.deleteRecursively(deleted);
    }

    /** Deletes every leftover of earlier topic deletions. */
    public void purgeAllDeleted() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(deletedDir)) {
            for (Path dir : dirs) {
                FileUtils.deleteRecursively(dir);
            }
        }
    }
}
