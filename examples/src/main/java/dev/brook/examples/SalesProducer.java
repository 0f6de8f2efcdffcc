package dev.brook.examples;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.NewTopic;
import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.producer.RecordMetadata;
import dev.brook.client.serialization.Serdes;
import java.io.PrintStream;
import java.util.List;

/**
 * The producer of the Kafka introduction, with Brook's client: {@code New sale happened} to
 * partition 0 of the topic {@code sales}, then {@code Refund} and {@code Sale} to whichever
 * partition the producer picks. Creates {@code sales} with two partitions if it does not exist.
 *
 * <p>Run, with a broker started by {@code bin/brook server}: {@code examples/run.sh SalesProducer}
 * (or {@code examples/run.sh SalesProducer 127.0.0.1:7092}).
 */
public final class SalesProducer {
    static final String TOPIC = "sales";

    private SalesProducer() {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : AdminConfig.DEFAULT_BOOTSTRAP_SERVER, System.out);
    }

    static void run(String bootstrap, PrintStream out) throws Exception {
        try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap).build())) {
            if (!admin.listTopics().get().contains(TOPIC)) {
                admin.createTopic(NewTopic.of(TOPIC, 2)).get();
            }
        }
        try (Producer<String, String> producer = new Producer<>(ProducerConfig.builder(Serdes.stringSerializer(),
                Serdes.stringSerializer()).bootstrapServer(bootstrap).build())) {
            RecordMetadata sale = producer.send(new ProducerRecord<>(TOPIC, 0, null, "New sale happened")).get();
            out.println("sent 'New sale happened' to partition " + sale.partition() + " at offset " + sale.offset());
            for (String event : List.of("Refund", "Sale")) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(TOPIC, event)).get();
                out.println("sent '" + event + "' to partition " + sent.partition() + " at offset " + sent.offset());
            }
        }
    }
}
