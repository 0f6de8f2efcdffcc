package dev.brook.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.CreateTopicsRequest;
import dev.brook.protocol.wire.CreateTopicsResponse;
import dev.brook.protocol.wire.FetchResponse;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.RecordsPayload;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import dev.brook.server.testing.NativeClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics and the JMX MBeans of a real broker on 127.0.0.1, after a known produce and consume. */
class ServerMetricsIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private BrookServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The value of the one sample whose name and labels start as {@code prefix}, e.g. {@code brook_x{topic="t"}. */
    private static double sample(String scrape, String name, String labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape);
        List<Double> found = new ArrayList<>();
        while (matcher.find()) {
            if (containsAll(matcher.group(1), labels)) {
                found.add(Double.parseDouble(matcher.group(2)));
            }
        }
        assertThat(found).as("%s{%s} in\n%s", name, labels, scrape).hasSize(1);
        return found.get(0);
    }

    private static boolean containsAll(String actual, String wanted) {
        for (String label : wanted.split(",")) {
            if (!actual.contains(label)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void metricsCountWhatWasProducedAndConsumedAndTheGroupsLag() throws Exception {
        server.broker().createTopic(NewTopic.of("orders", 1));
        try (Producer<String, String> producer = new Producer<>(ProducerConfig
                .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port()).build())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port()).groupId("billing")
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            consumer.assign(List.of(new TopicPartition("orders", 0)));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return received.size() >= 10;
            });
            consumer.commitSync();
        }
        server.broker().append("orders", 0, dev.brook.protocol.record.RecordBatchBuilder.allocate(1024)
                .append(1L, null, java.nio.ByteBuffer.wrap(new byte[] {1}))
                .append(2L, null, java.nio.ByteBuffer.wrap(new byte[] {2})).build());

        String scrape = get("/metrics");

        assertThat(sample(scrape, "brook_topic_records_in_total", "topic=\"orders\"")).isEqualTo(12);
        assertThat(sample(scrape, "brook_topic_bytes_in_bytes_total", "topic=\"orders\"")).isPositive();
        assertThat(sample(scrape, "brook_topic_bytes_out_bytes_total", "topic=\"orders\"")).isPositive();
        assertThat(sample(scrape, "brook_partition_log_end_offset", "topic=\"orders\",partition=\"0\"")).isEqualTo(12);
        assertThat(sample(scrape, "brook_partition_log_start_offset", "topic=\"orders\",partition=\"0\"")).isZero();
        assertThat(sample(scrape, "brook_partition_segments", "topic=\"orders\",partition=\"0\"")).isEqualTo(1);
        assertThat(sample(scrape, "brook_partition_log_size_bytes", "topic=\"orders\",partition=\"0\"")).isPositive();
        long committed = server.broker().committedOffsets("billing").get(new TopicPartition("orders", 0)).offset();
        assertThat(sample(scrape, "brook_group_lag", "group=\"billing\",topic=\"orders\",partition=\"0\""))
                .isEqualTo(server.broker().logEndOffset("orders", 0) - committed).isEqualTo(2);
        assertThat(sample(scrape, "brook_request_latency_seconds_count", "listener=\"brook\",api=\"Produce\""))
                .isEqualTo(10);
        assertThat(sample(scrape, "brook_request_latency_seconds", "listener=\"brook\",api=\"Produce\",quantile=\"0.99\""))
                .isPositive();
        assertThat(sample(scrape, "brook_request_queue_time_seconds_count", "listener=\"brook\",api=\"Fetch\""))
                .isPositive();
        assertThat(sample(scrape, "brook_connections", "listener=\"kafka\"")).isZero();
        assertThat(sample(scrape, "brook_listener_port", "listener=\"brook\"")).isEqualTo(server.port());
        assertThat(scrape).contains("brook_retention_deleted_segments_total", "brook_log_flush_seconds_count",
                "brook_info{");
        // The JVM's own metrics are bound beside the start, off its critical path.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(server.scrapeMetrics()).contains("jvm_memory_used_bytes", "jvm_gc_",
                        "jvm_threads_live_threads", "process_uptime_seconds", "process_files_open_files"));
    }

    @Test
    void recordsOutCountWhatConsumersOfBothListenersFetched() throws Exception {
        server.broker().createTopic(NewTopic.of("native-out", 1));
        server.broker().createTopic(NewTopic.of("kafka-out", 1));
        try (Producer<String, String> producer = new Producer<>(ProducerConfig
                .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port()).build())) {
            // One at a time: seven batches of one record, so whole-batch counting is tested too.
            for (int i = 0; i < 7; i++) {
                producer.send(new ProducerRecord<>("native-out", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 13; i++) {
                producer.send(new ProducerRecord<>("kafka-out", "k" + i, "v" + i));
            }
            producer.flush();
        }
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig
                .builder(Serdes.stringDeserializer(), Serdes.stringDeserializer())
                .bootstrapServer("127.0.0.1:" + server.port())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            consumer.assign(List.of(new TopicPartition("native-out", 0)));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return received.size() >= 7;
            });
            assertThat(received).hasSize(7);
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", server.kafkaBootstrapServers());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("kafka-out", 0)));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return received.size() >= 13;
            });
            assertThat(received).hasSize(13);
        }

        String scrape = get("/metrics");

        assertThat(sample(scrape, "brook_topic_records_out_total", "topic=\"native-out\"")).isEqualTo(7);
        assertThat(sample(scrape, "brook_topic_records_out_total", "topic=\"kafka-out\"")).isEqualTo(13);
    }

    @Test
    void aFetchThatWaitsForMoreDataCountsOnlyWhatItSends() throws Exception {
        server.broker().createTopic(NewTopic.of("waited", 1));
        server.broker().append("waited", 0, RecordBatchBuilder.allocate(256).append(1L, null, new byte[] {1}).build());
        FetchResponse response;
        try (NativeClient client = NativeClient.connect(server.port())) {
            // Far more than there will be: the fetch reads, waits, reads again after the append,
            // waits again and is answered with what there is when its wait ends.
            client.send(ApiKey.FETCH, new dev.brook.protocol.wire.FetchRequest(3_000, 1 << 20, 1 << 20, List.of(
                    new dev.brook.protocol.wire.FetchRequest.TopicData("waited", List.of(
                            new dev.brook.protocol.wire.FetchRequest.PartitionData(0, 0, 1 << 20))))));
            server.broker().append("waited", 0, RecordBatchBuilder.allocate(256).append(2L, null, new byte[] {2})
                    .build());
            response = client.receive().decode(FetchResponse::read);
        }
        dev.brook.protocol.wire.RecordsPayload payload = response.topics().get(0).partitions().get(0).records();
        ByteBuffer sent = ByteBuffer.allocate(payload.sizeInBytes());
        payload.copyTo(sent);
        long recordsSent = 0;
        for (dev.brook.protocol.record.RecordBatch batch : dev.brook.protocol.record.Records.strictBatches(sent.flip())) {
            recordsSent += batch.recordCount();
        }
        assertThat(recordsSent).isEqualTo(2);

        String scrape = get("/metrics");

        assertThat(sample(scrape, "brook_topic_records_out_total", "topic=\"waited\"")).isEqualTo(recordsSent);
        assertThat(sample(scrape, "brook_topic_bytes_out_bytes_total", "topic=\"waited\"")).isEqualTo(sent.limit());
        assertThat(sample(scrape, "brook_topic_reads_total", "topic=\"waited\"")).isEqualTo(1);
    }

    @Test
    void flushesOnTheAppendPathAreTimed() throws Exception {
        server.broker().createTopic(NewTopic.of("durable", 1)
                .withConfig(dev.brook.core.TopicConfig.FLUSH_MESSAGES, "1"));
        try (Producer<String, String> producer = new Producer<>(ProducerConfig
                .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port()).build())) {
            // One at a time, so that each append waits for its own fsync rather than sharing one.
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("durable", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        String scrape = get("/metrics");

        assertThat(sample(scrape, "brook_log_flush_seconds_count", "cause=\"append\"")).isEqualTo(5);
        assertThat(sample(scrape, "brook_log_flush_seconds_sum", "cause=\"append\"")).isPositive();
        assertThat(sample(scrape, "brook_log_flush_seconds", "cause=\"append\",quantile=\"0.99\"")).isPositive();
        assertThat(sample(scrape, "brook_log_flush_seconds_count", "cause=\"interval\"")).isZero();
    }

    @Test
    void errorsAreCountedByCode() throws Exception {
        String error;
        try (NativeClient client = NativeClient.connect(server.port())) {
            client.sendBody(ApiKey.CREATE_TOPICS, new byte[] {1});
            error = client.receive().header().errorCode().name();
        }
        assertThat(error).isNotEqualTo("NONE");

        String scrape = get("/metrics");

        assertThat(sample(scrape, "brook_request_errors_total",
                "listener=\"brook\",api=\"CreateTopics\",error=\"" + error + "\"")).isEqualTo(1);
    }

    @Test
    void errorsOfTopicsAndPartitionsInsideResponsesAreCountedByCode() throws Exception {
        server.broker().createTopic(NewTopic.of("exists", 1));
        ByteBuffer batch = RecordBatchBuilder.allocate(256).append(1L, null, new byte[] {1}).build();
        try (NativeClient client = NativeClient.connect(server.port())) {
            CreateTopicsResponse created = client.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                    new CreateTopicsRequest.TopicSpec("exists", 1, (short) 1, List.of()),
                    new CreateTopicsRequest.TopicSpec("fresh", 1, (short) 1, List.of())), false),
                    CreateTopicsResponse::read);
            assertThat(created.topics()).extracting(CreateTopicsResponse.TopicResult::errorCode)
                    .containsExactly(ErrorCode.TOPIC_ALREADY_EXISTS, ErrorCode.NONE);
            ProduceResponse produced = client.call(ApiKey.PRODUCE, new ProduceRequest((short) 1, 10_000, List.of(
                    new ProduceRequest.TopicData("exists", List.of(
                            new ProduceRequest.PartitionData(0, RecordsPayload.wrap(batch.duplicate())),
                            new ProduceRequest.PartitionData(7, RecordsPayload.wrap(batch.duplicate())))))),
                    ProduceResponse::read);
            assertThat(produced.topics().get(0).partitions()).extracting(ProduceResponse.PartitionResult::errorCode)
                    .containsExactly(ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }

        String scrape = get("/metrics");

        assertThat(sample(scrape, "brook_request_errors_total",
                "listener=\"brook\",api=\"CreateTopics\",error=\"TOPIC_ALREADY_EXISTS\"")).isEqualTo(1);
        assertThat(sample(scrape, "brook_request_errors_total",
                "listener=\"brook\",api=\"Produce\",error=\"UNKNOWN_TOPIC_OR_PARTITION\"")).isEqualTo(1);
        assertThat(scrape).doesNotContain("error=\"NONE\"");
    }

    @Test
    void requestsAreMeasuredOnTheKafkaListener() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", server.kafkaBootstrapServers());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("allow.auto.create.topics", "false");
        props.put("max.block.ms", "200");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            assertThat(producer.partitionsFor("missing-topic-or-timeout")).isNotNull();
        } catch (org.apache.kafka.common.errors.TimeoutException expected) {
            // The metadata never names the topic: what is counted is the error code of each Metadata answer.
        }

        String scrape = get("/metrics");

        assertThat(sample(scrape, "brook_request_latency_seconds_count", "listener=\"kafka\",api=\"ApiVersions\""))
                .isPositive();
        assertThat(sample(scrape, "brook_request_latency_seconds_count", "listener=\"kafka\",api=\"Metadata\""))
                .isPositive();
    }

    @Test
    void theOperationsDocumentListsEveryMetric() throws Exception {
        server.broker().createTopic(NewTopic.of("documented", 1));
        server.broker().commitOffsets("documented-group", java.util.Map.of(new TopicPartition("documented", 0),
                new dev.brook.core.OffsetAndMetadata(0, "", 1L)));
        try (Producer<String, String> producer = new Producer<>(ProducerConfig
                .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer("127.0.0.1:" + server.port()).build())) {
            producer.send(new ProducerRecord<>("documented", "k", "v")).get(30, TimeUnit.SECONDS);
        }
        String doc = java.nio.file.Files.readString(Path.of("../docs/operations.md"));

        Matcher family = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE).matcher(get("/metrics"));

        List<String> undocumented = new ArrayList<>();
        while (family.find()) {
            if (!doc.contains("`" + family.group(1))) {
                undocumented.add(family.group(1));
            }
        }
        assertThat(undocumented).as("metrics missing from docs/operations.md").isEmpty();
    }

    @Test
    void topicMetersFollowTopicsAsTheyComeAndGo() {
        server.broker().createTopic(NewTopic.of("short-lived", 2));
        assertThat(server.scrapeMetrics()).contains("brook_topic_partitions{topic=\"short-lived\"} 2.0");

        server.broker().deleteTopic("short-lived");

        assertThat(server.scrapeMetrics()).doesNotContain("short-lived");
    }

    @Test
    void serversInOneJvmHaveTheirOwnMBeansAndCloseOnlyThose(@TempDir Path otherDir) throws Exception {
        server.broker().createTopic(NewTopic.of("first-topic", 1));
        String first = String.valueOf(server.port());
        try (BrookServer other = BrookServer.start(ServerConfig.builder().port(0).dataDir(otherDir).build())) {
            other.broker().createTopic(NewTopic.of("second-topic", 1));
            String second = String.valueOf(other.port());
            server.scrapeMetrics();
            other.scrapeMetrics();

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(mbeans(first)).anyMatch(name -> name.contains("first-topic"))
                        .noneMatch(name -> name.contains("second-topic"))
                        .anyMatch(name -> name.contains("brookConnections"))
                        .anyMatch(name -> name.contains("jvmMemoryUsed"));
                assertThat(mbeans(second)).anyMatch(name -> name.contains("second-topic"))
                        .noneMatch(name -> name.contains("first-topic"))
                        .anyMatch(name -> name.contains("brookConnections"))
                        .anyMatch(name -> name.contains("jvmMemoryUsed"));
            });
            Set<String> firstBefore = mbeans(first);

            other.close();

            assertThat(mbeans(second)).isEmpty();
            assertThat(mbeans(first)).containsAll(firstBefore);
        }
    }

    /** The names of the MBeans of the server whose JMX identity is {@code server}. */
    private static Set<String> mbeans(String server) throws Exception {
        Set<String> names = new java.util.TreeSet<>();
        for (ObjectName name : ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName(ServerMetrics.JMX_DOMAIN + ":server=" + server + ",*"), null)) {
            names.add(name.toString());
        }
        return names;
    }

    @Test
    void aServerWithMetricsDisabledServesUnmeasuredAndHasNoMetrics(@TempDir Path otherDir) throws Exception {
        try (BrookServer quiet = BrookServer.start(ServerConfig.builder().port(0).metricsEnabled(false)
                .dataDir(otherDir).build())) {
            quiet.broker().createTopic(NewTopic.of("unmeasured", 1));
            try (Producer<String, String> producer = new Producer<>(ProducerConfig
                    .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                    .bootstrapServer("127.0.0.1:" + quiet.port()).build())) {
                assertThat(producer.send(new ProducerRecord<>("unmeasured", "k", "v")).get(30, TimeUnit.SECONDS)
                        .offset()).isZero();
            }

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + quiet.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + quiet.httpPort() + "/ready")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(404);
            assertThat(metrics.body()).contains("metrics.enabled=false");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(mbeans(String.valueOf(quiet.port()))).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(quiet::scrapeMetrics)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("metrics.enabled=false");
        }
    }

    @Test
    void metricsArePublishedAsJmxMBeans() throws Exception {
        server.broker().createTopic(NewTopic.of("jmx-topic", 1));
        server.scrapeMetrics();

        // JMX is set up beside the start, off its critical path: wait for it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName(ServerMetrics.JMX_DOMAIN + ":*"), null);
            assertThat(names).extracting(ObjectName::toString)
                    .anyMatch(name -> name.contains("brookTopicBytesIn") && name.contains("jmx-topic"))
                    .anyMatch(name -> name.contains("jvmMemoryUsed"))
                    .anyMatch(name -> name.contains("brookConnections"));
        });
    }
}
