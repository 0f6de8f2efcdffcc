package dev.brook.compat.app;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * An application with its own kafka-clients (an older one than Brook's) that embeds Brook from the
 * runnable jar: it starts a server through the public API and talks to it with its own producer and
 * consumer. It prints {@code key=value} lines that EmbeddingWithOtherKafkaClientsIT checks.
 *
 * <p>Not compiled by Maven: the test compiles it against the application's kafka-clients and
 * brook.jar, as an application's build would.
 */
public final class EmbeddedBrookApp {
    private static final List<String> CODECS = List.of("lz4", "zstd", "snappy", "gzip");
    private static final int PER_CODEC = 25;

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        System.out.println("app.kafka.version=" + AppInfoParser.getVersion());
        System.out.println("app.kafka.jar=" + jarOf(KafkaProducer.class));
        Class<?> relocated = Class.forName("dev.brook.shaded.org.apache.kafka.common.utils.internals.AppInfoParser");
        System.out.println("server.kafka.version=" + relocated.getMethod("getVersion").invoke(null));
        System.out.println("server.kafka.jar=" + jarOf(relocated));

        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build())) {
            String bootstrap = server.kafkaBootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("embedded", 1, (short) 1))).all().get();
                System.out.println("topics=" + admin.listTopics().names().get());
            }
            // One producer per codec: the server's relocated record classes decompress each batch
            // with the codec libraries the application brought.
            int produced = 0;
            for (String codec : CODECS) {
                Properties props = new Properties();
                props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
                props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
                try (KafkaProducer<String, String> producer =
                             new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < PER_CODEC; i++) {
                        producer.send(new ProducerRecord<>("embedded", codec, codec + "-" + i)).get();
                        produced++;
                    }
                }
            }
            System.out.println("produced=" + produced);

            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            List<String> values = new ArrayList<>();
            TopicPartition partition = new TopicPartition("embedded", 0);
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(Set.of(partition));
                consumer.seekToBeginning(Set.of(partition));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (values.size() < produced && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
            }
            System.out.println("consumed=" + values.size());
            System.out.println("first=" + (values.isEmpty() ? "" : values.get(0)));
            System.out.println("last=" + (values.isEmpty() ? "" : values.get(values.size() - 1)));
        }
        System.out.println("closed=true");
    }

    private static String jarOf(Class<?> type) {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath());
        return location.getFileName().toString();
    }
}
