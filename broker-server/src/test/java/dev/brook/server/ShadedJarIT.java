package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar's copy of kafka-clients is relocated to {@code dev.brook.shaded.org.apache.kafka}
 * (so that an embedding application can bring its own version), and the relocated Kafka listener
 * still serves a Kafka client.
 */
class ShadedJarIT {
    private static final String RELOCATED = "dev/brook/shaded/org/apache/kafka/";
    private static final Pattern KAFKA_LISTENING = Pattern.compile("for Kafka clients on ([0-9.]+):(\\d+)");

    @TempDir
    Path dir;

    private static ZipFile jar() throws IOException {
        return new ZipFile(System.getProperty("brook.jar"));
    }

    @Test
    void noKafkaClassOrResourceIsLeftUnrelocated() throws IOException {
        List<String> left = new ArrayList<>();
        int relocated = 0;
        try (ZipFile jar = jar()) {
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith("org/apache/kafka/") || name.startsWith("kafka/") || name.startsWith("common/message/")
                        || name.startsWith("META-INF/services/org.apache.kafka.")) {
                    left.add(name);
                }
                if (name.startsWith(RELOCATED) && name.endsWith(".class")) {
                    relocated++;
                }
            }
        }
        assertThat(left).as("entries the relocation missed").isEmpty();
        assertThat(relocated).as("relocated Kafka classes").isGreaterThan(1000);
    }

    @Test
    void theRelocatedKafkaReadsItsOwnVersionResource() throws IOException {
        try (ZipFile jar = jar()) {
            ZipEntry entry = jar.getEntry("dev/brook/shaded/kafka/kafka-version.properties");
            assertThat(entry).isNotNull();
            Properties version = new Properties();
            try (InputStream in = jar.getInputStream(entry)) {
                version.load(in);
            }
            assertThat(version.getProperty("version")).startsWith("4.");
            // The class that reads it looks it up under the relocated name (a string constant in the class).
            ZipEntry parser = jar.getEntry(RELOCATED + "common/utils/internals/AppInfoParser.class");
            assertThat(parser).isNotNull();
            try (InputStream in = jar.getInputStream(parser)) {
                String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(constants).contains("/dev/brook/shaded/kafka/kafka-version.properties");
            }
        }
    }

    @Test
    void serviceFilesNameTheRelocatedClasses() throws IOException {
        try (ZipFile jar = jar()) {
            ZipEntry services = jar.getEntry(
                    "META-INF/services/dev.brook.shaded.org.apache.kafka.common.config.provider.ConfigProvider");
            assertThat(services).isNotNull();
            try (InputStream in = jar.getInputStream(services)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).contains("dev.brook.shaded.org.apache.kafka.common.config.provider.FileConfigProvider")
                        .doesNotContainPattern("(?m)^org\\.apache\\.kafka");
            }
        }
    }

    @Test
    void theJarsRelocatedKafkaListenerServesAKafkaClient() throws Exception {
        Path log = dir.resolve("brook.out");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("brook.jar"), "server", "--port", "0",
                "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA_LISTENING.matcher(read(log)).find()
                    || !process.isAlive());
            Matcher matcher = KAFKA_LISTENING.matcher(read(log));
            assertThat(matcher.find()).as("output: %s", read(log)).isTrue();
            String bootstrap = matcher.group(1) + ":" + matcher.group(2);

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("shaded", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            // Compressed, so that the jar's relocated record classes decompress with the unrelocated codecs.
            producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("shaded", "v" + i));
                }
                producer.flush();
            }
            Properties consumerProps = new Properties();
            consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            List<String> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.assign(Set.of(new TopicPartition("shaded", 0)));
                consumer.seekToBeginning(Set.of(new TopicPartition("shaded", 0)));
                long deadline = System.currentTimeMillis() + 15_000;
                while (received.size() < 10 && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                }
            }
            assertThat(received).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(read(log)).doesNotContain("ERROR", "NoClassDefFoundError", "UnsatisfiedLinkError");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
