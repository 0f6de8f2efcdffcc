package dev.brook.benchmarks.compare;

import dev.brook.client.admin.Admin;
import dev.brook.client.admin.AdminConfig;
import dev.brook.client.admin.NewTopic;
import dev.brook.client.consumer.AutoOffsetReset;
import dev.brook.client.consumer.ConsumerConfig;
import dev.brook.client.consumer.ConsumerRecord;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.serialization.Serdes;
import dev.brook.protocol.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link BenchClient} over Brook's own client and protocol. Thread-safe as Brook's client is. */
final class BrookBenchClient implements BenchClient {
    private final String bootstrap;

    BrookBenchClient(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(AdminConfig.builder().bootstrapServer(bootstrap).build())) {
            admin.createTopic(NewTopic.of(name, partitions)).get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public Producer producer(Map<String, String> settings) {
        ProducerConfig.Builder<byte[], byte[]> builder = ProducerConfig
                .builder(Serdes.byteArraySerializer(), Serdes.byteArraySerializer())
                .bootstrapServer(bootstrap).clientId("compare-producer");
        settings.forEach(builder::set);
        dev.brook.client.producer.Producer<byte[], byte[]> producer = new dev.brook.client.producer.Producer<>(builder.build());
        return new Producer() {
            @Override
            public void send(String topic, Integer partition, byte[] value, Completion completion) {
                producer.send(new ProducerRecord<>(topic, partition, null, null, value, null),
                        (metadata, error) -> completion.done(error));
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }

    @Override
    public Consumer consumer() {
        dev.brook.client.consumer.Consumer<byte[], byte[]> consumer = dev.brook.client.consumer.Consumer.create(
                ConsumerConfig.builder(Serdes.byteArrayDeserializer(), Serdes.byteArrayDeserializer())
                        .bootstrapServer(bootstrap).clientId("compare-consumer")
                        .autoOffsetReset(AutoOffsetReset.EARLIEST).build());
        return new Consumer() {
            @Override
            public void assign(String topic, int partitions) {
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    all.add(new TopicPartition(topic, p));
                }
                consumer.assign(all);
            }

            @Override
            public void seek(String topic, int partition, long offset) {
                consumer.seek(new TopicPartition(topic, partition), offset);
            }

            @Override
            public int poll(Duration timeout, ValueSink sink) {
                int count = 0;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                    sink.accept(record.value());
                    count++;
                }
                return count;
            }

            @Override
            public void close() {
                consumer.close();
            }
        };
    }

    @Override
    public void close() {
    }
}
