package dev.brook.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.core.testing.TestBatches;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers and readers on one partition while segments roll: readers only ever see whole,
 * valid batches at contiguous offsets, and every record lands exactly once, each writer's in its
 * own order.
 */
class ConcurrentAppendAndReadTest {
    private static final int WRITERS = 4;
    private static final int READERS = 3;
    private static final int APPENDS_PER_WRITER = 400;
    private static final int RECORDS_PER_BATCH = 3;

    @TempDir
    Path dataDir;

    @Test
    void concurrentWritersAndReadersSeeAConsistentLog() throws Exception {
        try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).build())) {
            broker.createTopic(NewTopic.of("t", 1)
                    .withConfig(TopicConfig.SEGMENT_BYTES, "16384")
                    .withConfig(TopicConfig.INDEX_INTERVAL_BYTES, "512"));
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                        broker.append("t", 0, TestBatches.batch(i, "w" + writer + "." + i, RECORDS_PER_BATCH));
                    }
                    return null;
                }));
            }
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    long batchesSeen = 0;
                    while (writing.get()) {
                        long offset = 0;
                        long end = broker.logEndOffset("t", 0);
                        while (offset < end) {
                            for (RecordBatch batch : broker.read("t", 0, offset, 8192).batches()) {
                                assertThat(batch.isValid()).isTrue();
                                assertThat(batch.baseOffset()).isEqualTo(offset);
                                offset = batch.nextOffset();
                                batchesSeen++;
                            }
                        }
                    }
                    return batchesSeen;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<Long> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            }
            pool.shutdown();

            long total = (long) WRITERS * APPENDS_PER_WRITER * RECORDS_PER_BATCH;
            assertThat(broker.logEndOffset("t", 0)).isEqualTo(total);
            assertThat(broker.describeTopic("t").partitions().get(0).segmentCount()).isGreaterThan(5);
            Map<Integer, Integer> nextSequence = new HashMap<>();
            long offset = 0;
            while (offset < total) {
                for (Record record : broker.read("t", 0, offset, 1 << 20).records()) {
                    assertThat(record.offset()).isEqualTo(offset++);
                    String value = StandardCharsets.UTF_8.decode(record.value()).toString();
                    int writer = Integer.parseInt(value.substring(1, value.indexOf('.')));
                    int sequence = Integer.parseInt(value.substring(value.indexOf('.') + 1, value.indexOf('-')));
                    int expected = nextSequence.getOrDefault(writer, 0);
                    int recordInBatch = Integer.parseInt(value.substring(value.indexOf('-') + 1));
                    assertThat(sequence).isEqualTo(expected);
                    if (recordInBatch == RECORDS_PER_BATCH - 1) {
                        nextSequence.put(writer, expected + 1);
                    }
                }
            }
            assertThat(nextSequence).hasSize(WRITERS).allSatisfy((w, n) -> assertThat(n).isEqualTo(APPENDS_PER_WRITER));
        }
    }
}
