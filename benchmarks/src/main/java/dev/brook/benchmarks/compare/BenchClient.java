package dev.brook.benchmarks.compare;

import java.time.Duration;
import java.util.Map;

/**
 * The little of a client that the loads use, so that the same load code drives Brook's own client
 * and kafka-clients. Implementations are as thread-safe as the client beneath them: a producer may
 * be used from any thread, a consumer from one.
 */
interface BenchClient extends AutoCloseable {
    /** Creates a topic with this many partitions (replication factor 1), retrying while the broker warms up. */
    void createTopic(String name, int partitions) throws Exception;

    /** A producer with the client's defaults, except the given settings (Kafka's names, e.g. {@code acks}). */
    Producer producer(Map<String, String> settings);

    /** A consumer with the client's defaults, no group, reading from the earliest offset. */
    Consumer consumer();

    @Override
    void close();

    /** What a send's completion is told: null when the record was stored. */
    @FunctionalInterface
    interface Completion {
        void done(Exception failure);
    }

    /** What receives each record's value. */
    @FunctionalInterface
    interface ValueSink {
        void accept(byte[] value);
    }

    interface Producer extends AutoCloseable {
        /** Sends a keyless record, to {@code partition} or, if null, where the client's partitioner puts it. */
        void send(String topic, Integer partition, byte[] value, Completion completion);

        void flush();

        @Override
        void close();
    }

    interface Consumer extends AutoCloseable {
        /** Assigns partitions 0 to {@code partitions - 1} of the topic. */
        void assign(String topic, int partitions);

        void seek(String topic, int partition, long offset);

        /** Polls once; each record's value goes to the sink. Returns how many records there were. */
        int poll(Duration timeout, ValueSink sink);

        @Override
        void close();
    }
}
