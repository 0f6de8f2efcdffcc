package dev.brook.examples;

import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.core.NewTopic;
import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Queue versus publish-subscribe with consumer groups: three consumers in the group {@code workers}
 * share the six partitions of {@code jobs}, so each job goes to one of them (a queue); a consumer in
 * a second group, {@code audit}, receives every job (publish-subscribe). Prints who got what.
 *
 * <p>Run: {@code examples/run.sh QueueAndPublishSubscribe}
 */
public final class QueueAndPublishSubscribe {
    private static final int JOBS = 30;

    private QueueAndPublishSubscribe() {
    }

    public static void main(String[] args) throws Exception {
        run(Files.createTempDirectory("brook-example"), System.out);
    }

    /** Returns how many jobs each consumer received, by name. */
    static Map<String, Integer> run(Path dataDir, PrintStream out) throws Exception {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir)
                .groupHeartbeatIntervalMs(200).build())) {
            String bootstrap = "127.0.0.1:" + server.port();
            server.broker().createTopic(NewTopic.of("jobs", 6));
            Map<String, Consumer<String, String>> consumers = new LinkedHashMap<>();
            for (String name : List.of("worker-1", "worker-2", "worker-3", "auditor")) {
                Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                        Serdes.stringDeserializer()).bootstrapServer(bootstrap)
                        .groupId(name.startsWith("worker") ? "workers" : "audit")
                        .autoOffsetReset(AutoOffsetReset.EARLIEST).build());
                consumer.subscribe(List.of("jobs"));
                consumers.put(name, consumer);
            }
            try {
                // Let the groups settle before the jobs arrive: workers 2 partitions each, the auditor all 6.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!settled(consumers) && System.nanoTime() < deadline) {
                    consumers.values().forEach(c -> c.poll(Duration.ofMillis(50)));
                }
                try (Producer<String, String> producer = new Producer<>(ProducerConfig.builder(
                        Serdes.stringSerializer(), Serdes.stringSerializer()).bootstrapServer(bootstrap).build())) {
                    for (int i = 1; i <= JOBS; i++) {
                        producer.send(new ProducerRecord<>("jobs", "job-" + i, "job " + i));
                    }
                    producer.flush();
                }
                Map<String, List<String>> received = new LinkedHashMap<>();
                consumers.keySet().forEach(name -> received.put(name, new ArrayList<>()));
                while (total(received, "worker") < JOBS || received.get("auditor").size() < JOBS) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("jobs did not all arrive: " + received);
                    }
                    consumers.forEach((name, consumer) ->
                            consumer.poll(Duration.ofMillis(50)).forEach(r -> received.get(name).add(r.key())));
                }
                Map<String, Integer> counts = new LinkedHashMap<>();
                received.forEach((name, jobs) -> {
                    out.println(name + " (" + (name.startsWith("worker") ? "group workers" : "group audit") + ", partitions "
                            + new TreeSet<>(consumers.get(name).assignment().stream().map(tp -> tp.partition()).toList())
                            + ") received " + jobs.size() + " jobs");
                    counts.put(name, jobs.size());
                });
                return counts;
            } finally {
                consumers.values().forEach(Consumer::close);
            }
        }
    }

    private static boolean settled(Map<String, Consumer<String, String>> consumers) {
        return consumers.entrySet().stream().allMatch(e -> e.getValue().assignment().size()
                == (e.getKey().startsWith("worker") ? 2 : 6));
    }

    private static int total(Map<String, List<String>> received, String prefix) {
        return received.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(e -> e.getValue().size()).sum();
    }
}
