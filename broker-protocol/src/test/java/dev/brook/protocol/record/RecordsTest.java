package dev.brook.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.protocol.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class RecordsTest {

    @Test
    void walksSeveralBatchesLaidEndToEnd() {
        ByteBuffer log = threeBatches();

        List<RecordBatch> batches = list(Records.batches(log));

        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 5L);
        assertThat(batches).extracting(RecordBatch::recordCount).containsExactly(2, 3, 1);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.isValid()).isTrue());
        assertThat(batches.get(1).start()).isEqualTo(batches.get(0).sizeInBytes());
        assertThat(batches.get(2).start()).isEqualTo(batches.get(0).sizeInBytes() + batches.get(1).sizeInBytes());
        assertThat(list(Records.strictBatches(log))).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 5L);
    }

    @Test
    void findsNoBatchesInEmptyBuffer() {
        assertThat(Records.batches(ByteBuffer.allocate(0))).isEmpty();
        assertThat(Records.strictBatches(ByteBuffer.allocate(0))).isEmpty();
    }

    @Test
    void startsAtBufferPositionAndStopsAtLimit() {
        ByteBuffer log = threeBatches();
        int first = RecordBatch.sizeAt(log, 0);
        int second = RecordBatch.sizeAt(log, first);
        ByteBuffer middle = log.duplicate();
        middle.position(first).limit(first + second);

        assertThat(list(Records.strictBatches(middle))).extracting(RecordBatch::baseOffset).containsExactly(2L);
    }

    @Test
    void skipsTrailingPartialBatch() {
        ByteBuffer log = threeBatches();
        log.limit(log.limit() - 1);

        assertThat(list(Records.batches(log))).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L);
    }

    @Test
    void skipsTrailingBytesTooFewForALengthField() {
        ByteBuffer log = threeBatches();
        int twoBatches = RecordBatch.sizeAt(log, 0) + RecordBatch.sizeAt(log, RecordBatch.sizeAt(log, 0));
        log.limit(twoBatches + RecordBatch.LOG_OVERHEAD - 1);

        assertThat(list(Records.batches(log))).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L);
    }

    @Test
    void strictBatchesRejectsTrailingPartialBatch() {
        ByteBuffer log = threeBatches();
        int twoBatches = RecordBatch.sizeAt(log, 0) + RecordBatch.sizeAt(log, RecordBatch.sizeAt(log, 0));
        log.limit(log.limit() - 1);
        Iterator<RecordBatch> batches = Records.strictBatches(log).iterator();

        assertThat(batches.next().baseOffset()).isZero();
        assertThat(batches.next().baseOffset()).isEqualTo(2L);
        assertThatThrownBy(batches::hasNext)
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("partial batch")
                .hasMessageContaining("at byte " + twoBatches);
    }

    @Test
    void strictBatchesRejectsTrailingBytesTooFewForALengthField() {
        ByteBuffer log = threeBatches();
        int first = RecordBatch.sizeAt(log, 0);
        log.limit(first + 5);
        Iterator<RecordBatch> batches = Records.strictBatches(log).iterator();
        batches.next();

        assertThatThrownBy(batches::hasNext)
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("5 bytes at byte " + first);
    }

    @Test
    void rejectsBatchWhoseLengthIsSmallerThanAHeaderInBothModes() {
        ByteBuffer log = threeBatches();
        int first = RecordBatch.sizeAt(log, 0);
        log.putInt(first + RecordBatch.LENGTH_OFFSET, 4);

        for (Iterable<RecordBatch> walk : List.of(Records.batches(log), Records.strictBatches(log))) {
            Iterator<RecordBatch> batches = walk.iterator();
            batches.next();
            assertThatThrownBy(batches::hasNext)
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("at byte " + first)
                    .hasMessageContaining("claims a size of 16");
        }
    }

    @Test
    void iteratingNeverMovesTheBufferPosition() {
        ByteBuffer log = threeBatches();
        ByteBuffer buffer = ByteBuffer.allocate(log.remaining() + 8);
        buffer.position(8);
        buffer.put(log);
        buffer.position(8);

        int records = 0;
        for (RecordBatch batch : Records.batches(buffer)) {
            batch.ensureValid();
            for (Record record : batch.records()) {
                assertThat(record.valueBytes()).isNotNull();
                records++;
            }
        }
        list(Records.strictBatches(buffer));

        assertThat(records).isEqualTo(6);
        assertThat(buffer.position()).isEqualTo(8);
        assertThat(buffer.limit()).isEqualTo(buffer.capacity());
    }

    @Test
    void givesEachIteratorItsOwnCursor() {
        Iterable<RecordBatch> batches = Records.batches(threeBatches());
        Iterator<RecordBatch> first = batches.iterator();
        first.next();

        assertThat(list(batches)).hasSize(3);
        assertThat(first.next().baseOffset()).isEqualTo(2L);
    }

    @Test
    void nextAfterLastBatchThrowsNoSuchElement() {
        Iterator<RecordBatch> batches = Records.batches(threeBatches()).iterator();
        batches.next();
        batches.next();
        batches.next();

        assertThat(batches.hasNext()).isFalse();
        assertThatThrownBy(batches::next).isInstanceOf(NoSuchElementException.class);
    }

    /** Batches with base offsets 0, 2 and 5 holding 2, 3 and 1 records, one after the other. */
    private static ByteBuffer threeBatches() {
        ByteBuffer log = ByteBuffer.allocate(1024);
        new RecordBatchBuilder(log, 0L).append(1L, null, utf8("a")).append(2L, null, utf8("b")).build();
        new RecordBatchBuilder(log, 2L).append(3L, utf8("k"), utf8("c")).append(4L, null, utf8("d"))
                .append(5L, null, utf8("e")).build();
        new RecordBatchBuilder(log, 5L).append(6L, null, utf8("f")).build();
        return log.flip();
    }

    private static List<RecordBatch> list(Iterable<RecordBatch> batches) {
        List<RecordBatch> list = new ArrayList<>();
        batches.forEach(list::add);
        return list;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
