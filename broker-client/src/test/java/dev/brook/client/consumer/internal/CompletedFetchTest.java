package dev.brook.client.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.protocol.TopicPartition;
import dev.brook.protocol.errors.CorruptRecordException;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.record.TimestampType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletedFetchTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** Batches laid end to end: each array is one batch's values; offsets continue from {@code baseOffset}. */
    private static ByteBuffer batches(long baseOffset, String[]... batches) {
        ByteBuffer all = ByteBuffer.allocate(4096);
        long offset = baseOffset;
        for (String[] values : batches) {
            RecordBatchBuilder builder = new RecordBatchBuilder(all, offset);
            for (String value : values) {
                builder.append(1000 + offset, null, value.getBytes(StandardCharsets.UTF_8));
            }
            builder.build();
            offset += values.length;
        }
        return all.flip();
    }

    private static List<Long> drain(CompletedFetch fetch, long position, int max) {
        List<Long> offsets = new ArrayList<>();
        fetch.drain(position, max, (record, type) -> offsets.add(record.offset()));
        return offsets;
    }

    @Test
    void skipsRecordsBelowThePositionInABatchThatStartsBeforeIt() {
        CompletedFetch fetch = CompletedFetch.ofRecords(TP, 12, batches(10, new String[] {"a", "b", "c", "d", "e"}));

        assertThat(drain(fetch, 12, 100)).containsExactly(12L, 13L, 14L);
        assertThat(fetch.position()).isEqualTo(15);
        assertThat(fetch.isConsumed()).isTrue();
        assertThat(fetch.nextFetchOffset()).isEqualTo(15);
    }

    @Test
    void unreadBytesCountTheBatchesReadingHasNotReached() {
        ByteBuffer data = batches(0, new String[] {"a", "b", "c"}, new String[] {"d", "e", "f"});
        int firstBatch = RecordBatch.wrap(data).sizeInBytes();
        CompletedFetch fetch = CompletedFetch.ofRecords(TP, 0, data);
        assertThat(fetch.unreadBytes()).isEqualTo(fetch.sizeInBytes());

        drain(fetch, 0, 1);
        assertThat(fetch.unreadBytes()).isEqualTo(fetch.sizeInBytes() - firstBatch);

        drain(fetch, 1, 100);
        assertThat(fetch.unreadBytes()).isZero();
        assertThat(fetch.sizeInBytes()).as("what the buffer holds until the fetch is dropped").isPositive();
    }

    @Test
    void stopsAtTheLimitAndContinuesWhereItStopped() {
        CompletedFetch fetch = CompletedFetch.ofRecords(TP, 0, batches(0, new String[] {"a", "b", "c"},
                new String[] {"d", "e", "f"}));

        assertThat(drain(fetch, 0, 4)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(fetch.position()).isEqualTo(4);
        assertThat(fetch.isConsumed()).isFalse();
        assertThat(drain(fetch, 4, 2)).containsExactly(4L, 5L);
        assertThat(fetch.isConsumed()).as("the end is noticed when the limit is reached with it").isTrue();
        assertThat(fetch.position()).isEqualTo(6);
    }

    @Test
    void aTrailingPartialBatchIsIgnoredAndNotFetchedPast() {
        ByteBuffer data = batches(0, new String[] {"a", "b"}, new String[] {"c"});
        int firstSize = RecordBatch.wrap(data).sizeInBytes();
        data.limit(firstSize + 20); // the second batch is cut short, as a fetch limit could leave it

        CompletedFetch fetch = CompletedFetch.ofRecords(TP, 0, data);

        assertThat(fetch.nextFetchOffset()).isEqualTo(2);
        assertThat(drain(fetch, 0, 100)).containsExactly(0L, 1L);
        assertThat(fetch.isConsumed()).isTrue();
    }

    @Test
    void aBatchFailingItsChecksumStopsTheReadingThereUntilDiscarded() {
        ByteBuffer data = batches(0, new String[] {"a", "b", "c"}, new String[] {"d", "e", "f"});
        data.put(data.limit() - 3, (byte) 'X');
        CompletedFetch fetch = CompletedFetch.ofRecords(TP, 0, data);

        assertThat(drain(fetch, 0, 100)).containsExactly(0L, 1L, 2L);
        assertThat(fetch.error()).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("partition t-0").hasMessageContaining("offsets 3 to 5")
                .hasMessageContaining("CRC-32C");
        assertThat(fetch.isBrokerError()).isFalse();
        assertThat(drain(fetch, 3, 100)).isEmpty();
        assertThat(fetch.position()).isEqualTo(3);
        assertThat(fetch.nextFetchOffset()).as("nothing is fetched past damage").isEqualTo(-1);
    }

    @Test
    void aRecordTheSinkRefusesIsNotTakenAndStaysTheError() {
        CompletedFetch fetch = CompletedFetch.ofRecords(TP, 0, batches(0, new String[] {"a", "b", "c"}));
        List<Long> taken = new ArrayList<>();
        RuntimeException refusal = new IllegalArgumentException("not a number");

        int count = fetch.drain(0, 100, (record, type) -> {
            if (record.offset() == 1) {
                throw refusal;
            }
            assertThat(type).isEqualTo(TimestampType.CREATE_TIME);
            taken.add(record.offset());
        });

        assertThat(count).isEqualTo(1);
        assertThat(taken).containsExactly(0L);
        assertThat(fetch.position()).isEqualTo(1);
        assertThat(fetch.error()).isSameAs(refusal);
    }

    @Test
    void aBrokerErrorHasNoRecordsAndIsReportedOnce() {
        CompletedFetch fetch = CompletedFetch.ofError(TP, 7, new CorruptRecordException("broken"));

        assertThat(fetch.isBrokerError()).isTrue();
        assertThat(fetch.sizeInBytes()).isZero();
        assertThat(fetch.nextFetchOffset()).isEqualTo(-1);
        assertThat(drain(fetch, 7, 10)).isEmpty();
    }
}
