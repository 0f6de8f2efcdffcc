package dev.brook.server.cli;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brook train-class-data} (hidden): the training run of {@code bin/brook}'s class-data
 * archive (AppCDS). Run with {@code -XX:ArchiveClassesAtExit=FILE}, it starts a broker on free
 * ports in a temporary directory, serves a little of every common request over both listeners
 * (Brook's client and kafka-clients, each in a child JVM: topics, produce, fetch, groups,
 * metadata), stops it, and exits, so that the JVM writes every class it loaded to the archive; later starts map those
 * classes instead of reading, verifying and parsing them from the jar.
 *
 * <p>Not thread-safe; runs once per process.
 */
@Command(name = "train-class-data", hidden = true,
        description = "Exercise a broker on free ports so that -XX:ArchiveClassesAtExit records its classes.")
final class TrainClassDataCommand implements Callable<Integer> {
    private static final int RECORDS = 20_000;

    @Option(names = "--kafka-clients", paramLabel = "HOST:PORT",
            description = "Only run kafka-clients' producer and consumer against this Kafka listener.")
    String kafkaClients;

    @Override
    public Integer call() throws Exception {
        if (kafkaClients != null) {
            runKafkaClients(kafkaClients);
            return 0;
        }
        Path dir = Files.createTempDirectory("brook-class-data-");
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dir).build())) {
            String brook = server.host() + ":" + server.port();
            // The clients run in processes of their own, so that the archive holds only the broker's
            // classes: every archived class is resident in the broker, used or not.
            client("topics", "--bootstrap-server", brook, "--create", "--topic", "train", "--partitions", "2");
            client("perf-producer", "--bootstrap-server", brook, "--topic", "train",
                    "--num-records", String.valueOf(RECORDS), "--record-size", "100", "--acks", "1");
            client("perf-consumer", "--bootstrap-server", brook, "--topic", "train",
                    "--num-records", String.valueOf(RECORDS));
            client("perf-consumer", "--bootstrap-server", brook, "--topic", "train", "--group", "train",
                    "--num-records", String.valueOf(RECORDS));
            client("train-class-data", "--kafka-clients", server.kafkaBootstrapServers());
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    /** Runs {@code brook ARGS} from the same jar in a child JVM and fails if it fails. */
    private static void client(String... args) throws IOException, InterruptedException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of(TrainClassDataCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString(), BrookCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("training step 'brook " + String.join(" ", args) + "' took over 2 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("training step 'brook " + String.join(" ", args) + "' exited with "
                    + process.exitValue());
        }
    }

    /** A producer and a group consumer over the Kafka listener, so that its request paths are recorded too. */
    private static void runKafkaClients(String bootstrap) {
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] value = new byte[100];
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>("train-kafka", value));
            }
            producer.flush();
        }
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "train-kafka", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("train-kafka"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int received = 0;
            while (received < RECORDS && System.nanoTime() < deadline) {
                received += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
