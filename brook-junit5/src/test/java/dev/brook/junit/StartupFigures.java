package dev.brook.junit;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

/**
 * What a test pays for the extension, measured the way a test run sees it: in a fresh JVM, the
 * time for the test's logging to initialize (reported apart: see {@code main}), the time for
 * {@link BrookBroker#start} (class loading included, as for the first test class of a run), the
 * time for a first round trip (from creating a producer, which sends one record, and a consumer
 * until the consumer has received it; closing them is not counted, since KafkaConsumer's close
 * waits out its pending long poll, fetch.max.wait.ms, whatever the broker) with Brook's client
 * and with kafka-clients, the same again for a second broker in
 * the same JVM (as the run's later test classes see it), and the process's peak resident memory.
 * Prints one line of {@code key=value}; {@code brook-junit5/measure.sh} runs it in many fresh JVMs
 * and takes medians (docs/testing.md).
 */
public final class StartupFigures {
    private StartupFigures() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStartedMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long sinceJvmStart = System.currentTimeMillis() - jvmStartedMs;
        // The test JVM's logging (here logback, configured by logback-test.xml) starts with its first
        // logger, whoever asks for it; timed apart, since in most test runs the application's code
        // or the test framework asks first, and its cost is the binding's, not the broker's.
        long l0 = System.nanoTime();
        LoggerFactory.getLogger(StartupFigures.class).debug("logging initialized");
        long loggingInit = System.nanoTime() - l0;
        long[] first = broker();
        // The next test class (or test, per-test) of the same run: a new broker, clients and topic
        // in a JVM that has loaded the classes already.
        long[] next = broker();
        System.out.println("jvm_to_main_ms=" + sinceJvmStart
                + " logging_init_ms=" + ms(loggingInit)
                + " start_ms=" + ms(first[0])
                + " brook_round_trip_ms=" + ms(first[1])
                + " kafka_round_trip_ms=" + ms(first[2])
                + " next_start_ms=" + ms(next[0])
                + " next_brook_round_trip_ms=" + ms(next[1])
                + " next_kafka_round_trip_ms=" + ms(next[2])
                + " peak_rss_mib=" + peakRssMib());
    }

    /** Starts a broker and makes a round trip with each client: the three times, in nanoseconds. */
    private static long[] broker() throws Exception {
        long t0 = System.nanoTime();
        try (BrookBroker brook = BrookBroker.start(new String[0])) {
            long started = System.nanoTime();
            brook.createTopic("t", 1);
            return new long[] {started - t0, brookRoundTrip(brook), kafkaRoundTrip(brook)};
        }
    }

    static long brookRoundTrip(BrookBroker brook) throws Exception {
        long start = System.nanoTime();
        try (Producer<String, String> producer = new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(),
                Serdes.stringSerializer()).bootstrapServer(brook.bootstrapServers()).lingerMs(0).build());
                Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                        Serdes.stringDeserializer()).bootstrapServer(brook.bootstrapServers())
                        .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            producer.send(new ProducerRecord<>("t", "k", "v")).get();
            consumer.assign(List.of(new TopicPartition("t", 0)));
            while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                // until the record arrives
            }
            return System.nanoTime() - start;
        }
    }

    static long kafkaRoundTrip(BrookBroker brook) throws Exception {
        long start = System.nanoTime();
        java.util.Map<String, Object> producerProps = java.util.Map.of("bootstrap.servers", brook.kafkaBootstrapServers(),
                "linger.ms", 0);
        java.util.Map<String, Object> consumerProps = java.util.Map.of("bootstrap.servers", brook.kafkaBootstrapServers(),
                "auto.offset.reset", "earliest");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                        new StringDeserializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("t", 0, "k", "v")).get();
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("t", 0)));
            while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                // until a record arrives
            }
            return System.nanoTime() - start;
        }
    }

    static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    static long peakRssMib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
