package dev.brook.examples;

import dev.brook.client.admin.AdminConfig;
import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.Consumer;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer of the Kafka introduction, with Brook's client: reads partitions 0 and 1 of
 * {@code sales} from the beginning, assigned by hand, with auto-commit off, and prints each record
 * with where it came from; it stops after {@code seconds} without a new record.
 *
 * <p>Run, after {@link SalesProducer}: {@code examples/run.sh SalesConsumer}.
 */
public final class SalesConsumer {
    private SalesConsumer() {
    }

    public static void main(String[] args) {
        run(args.length > 0 ? args[0] : AdminConfig.DEFAULT_BOOTSTRAP_SERVER, Duration.ofSeconds(3), System.out);
    }

    static List<String> run(String bootstrap, Duration quietFor, PrintStream out) {
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.create(ConsumerConfig.builder(Serdes.stringDeserializer(),
                Serdes.stringDeserializer()).bootstrapServer(bootstrap).enableAutoCommit(false)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).build())) {
            consumer.assign(List.of(new TopicPartition(SalesProducer.TOPIC, 0), new TopicPartition(SalesProducer.TOPIC, 1)));
            while (true) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(quietFor).forEach(batch::add);
                if (batch.isEmpty()) {
                    return values;
                }
                for (ConsumerRecord<String, String> record : batch) {
                    out.println("partition " + record.partition() + ", offset " + record.offset() + ": " + record.value());
                    values.add(record.value());
                }
            }
        }
    }
}
