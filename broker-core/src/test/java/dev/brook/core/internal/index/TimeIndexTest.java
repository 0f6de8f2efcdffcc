package dev.brook.core.internal.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeIndexTest {
    /** Far from zero, so that relative and absolute offsets cannot be confused. */
    private static final long BASE = 5_000_000_000L;
    private static final int ENTRY = TimeIndex.ENTRY_SIZE;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("00000000005000000000.timeindex");
    }

    private TimeIndex open(int maxEntries) {
        return new TimeIndex(file(), BASE, maxEntries * ENTRY);
    }

    // ---------------------------------------------------------------- model-based

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20_240_601})
    void appendsAndLookupsAgreeWithASortedMapModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Model model = new Model();
        try (TimeIndex index = open(2_000)) {
            model.checkLookups(index, random, 200, seed);
            long timestamp = T0;
            long offset = BASE + random.nextInt(3);
            int attempts = 0;
            while (model.size() < 2_000) {
                // Mostly later timestamps and offsets; sometimes equal or earlier ones, which are skipped.
                long candidateTimestamp = timestamp + random.nextInt(-3, 1_000);
                long candidateOffset = Math.max(BASE, offset + random.nextInt(-1, 500));
                boolean expected = model.accepts(candidateTimestamp, candidateOffset);

                boolean appended = index.maybeAppend(candidateTimestamp, candidateOffset);

                assertThat(appended)
                        .as("seed %d: maybeAppend(%d, %d) after (%d, %d)", seed, candidateTimestamp,
                                candidateOffset, model.lastTimestamp(), model.lastOffset())
                        .isEqualTo(expected);
                if (expected) {
                    model.put(candidateTimestamp, candidateOffset);
                    timestamp = candidateTimestamp;
                    offset = candidateOffset;
                }
                assertThat(index.entries()).isEqualTo(model.size());
                assertThat(index.lastTimestamp()).isEqualTo(model.lastTimestamp());
                assertThat(index.lastOffset()).isEqualTo(model.lastOffset());
                if (random.nextInt(20) == 0) {
                    model.checkLookups(index, random, 20, seed);
                }
                attempts++;
            }
            assertThat(attempts).as("some appends were skipped").isGreaterThan(model.size());
            model.checkLookups(index, random, 5_000, seed);
            assertThat(index.isFull()).isTrue();
            assertThat(index.sanityCheck()).isNull();
        }
    }

    @Test
    void anEmptyIndexAnswersTheBaseOffset() {
        try (TimeIndex index = open(10)) {
            assertThat(index.entries()).isZero();
            assertThat(index.lastTimestamp()).isEqualTo(TimeIndex.NO_TIMESTAMP);
            assertThat(index.lastOffset()).isEqualTo(BASE);
            for (long target : new long[] {Long.MIN_VALUE, -1, 0, T0, Long.MAX_VALUE}) {
                assertThat(index.offsetBefore(target)).as("offsetBefore(%d)", target).isEqualTo(BASE);
            }
        }
    }

    @Test
    void offsetBeforeAnswersTheLastEntryStrictlyOlderThanTheTarget() {
        try (TimeIndex index = open(10)) {
            index.maybeAppend(100, BASE + 3);
            index.maybeAppend(200, BASE + 7);
            index.maybeAppend(300, BASE + 7);

            assertThat(index.offsetBefore(Long.MIN_VALUE)).isEqualTo(BASE);
            assertThat(index.offsetBefore(100)).isEqualTo(BASE);
            assertThat(index.offsetBefore(101)).isEqualTo(BASE + 3);
            assertThat(index.offsetBefore(200)).isEqualTo(BASE + 3);
            assertThat(index.offsetBefore(201)).isEqualTo(BASE + 7);
            assertThat(index.offsetBefore(Long.MAX_VALUE)).isEqualTo(BASE + 7);
        }
    }

    // ---------------------------------------------------------------- appends and base offset

    @Test
    void maybeAppendSkipsTimestampsThatDoNotIncrease() {
        try (TimeIndex index = open(10)) {
            assertThat(index.maybeAppend(T0, BASE + 1)).isTrue();

            assertThat(index.maybeAppend(T0, BASE + 2)).isFalse();
            assertThat(index.maybeAppend(T0 - 1, BASE + 3)).isFalse();
            assertThat(index.entries()).isEqualTo(1);
            assertThat(index.lastTimestamp()).isEqualTo(T0);
            assertThat(index.lastOffset()).isEqualTo(BASE + 1);
        }
    }

    @Test
    void maybeAppendSkipsOffsetsThatGoBackButAcceptsTheSameOffsetAgain() {
        try (TimeIndex index = open(10)) {
            index.maybeAppend(T0, BASE + 5);

            assertThat(index.maybeAppend(T0 + 1, BASE + 4)).isFalse();
            assertThat(index.maybeAppend(T0 + 1, BASE + 5)).isTrue();
            assertThat(index.entries()).isEqualTo(2);
            assertThat(index.offsetBefore(T0 + 2)).isEqualTo(BASE + 5);
        }
    }

    @Test
    void offsetsAreStoredRelativeToTheBaseUpToTheInt32Limit() {
        long highest = BASE + Integer.MAX_VALUE;
        try (TimeIndex index = open(10)) {
            assertThat(index.maybeAppend(T0, BASE)).isTrue();
            assertThat(index.maybeAppend(T0 + 1, highest)).isTrue();

            assertThat(index.lastOffset()).isEqualTo(highest);
            assertThat(index.offsetBefore(T0 + 1)).isEqualTo(BASE);
            assertThat(index.offsetBefore(T0 + 2)).isEqualTo(highest);
        }
    }

    @Test
    void anOffsetThatDoesNotFitRelativeToTheBaseIsRefusedNamingTheFile() {
        try (TimeIndex index = open(10)) {
            assertThatThrownBy(() -> index.maybeAppend(T0, BASE + Integer.MAX_VALUE + 1L))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining(String.valueOf(BASE + Integer.MAX_VALUE + 1L));
            assertThatThrownBy(() -> index.maybeAppend(T0, BASE - 1))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file().toString());
            assertThat(index.entries()).isZero();
        }
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void aFullIndexSkipsFurtherAppends() {
        try (TimeIndex index = open(2)) {
            assertThat(index.maybeAppend(T0, BASE)).isTrue();
            assertThat(index.isFull()).isFalse();
            assertThat(index.maybeAppend(T0 + 1, BASE + 1)).isTrue();
            assertThat(index.isFull()).isTrue();

            assertThat(index.maybeAppend(T0 + 2, BASE + 2)).isFalse();
            assertThat(index.entries()).isEqualTo(2);
            assertThat(index.lastTimestamp()).isEqualTo(T0 + 1);
        }
    }

    @Test
    void aMaxIndexSizeThatIsNotAWholeNumberOfEntriesIsRoundedDown() throws IOException {
        try (TimeIndex index = new TimeIndex(file(), BASE, 2 * ENTRY + ENTRY - 1)) {
            assertThat(Files.size(file())).isEqualTo(2 * ENTRY);
            assertThat(index.maybeAppend(T0, BASE)).isTrue();
            assertThat(index.maybeAppend(T0 + 1, BASE + 1)).isTrue();
            assertThat(index.isFull()).isTrue();
            assertThat(index.maybeAppend(T0 + 2, BASE + 2)).isFalse();
        }
    }

    // ---------------------------------------------------------------- reopen, trim, resize

    @Test
    void reopeningATrimmedIndexGivesTheSameEntriesAndLookups() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        Model model = new Model();
        try (TimeIndex index = open(1_000)) {
            long timestamp = T0;
            long offset = BASE;
            for (int i = 0; i < 300; i++) {
                assertThat(index.maybeAppend(timestamp, offset)).isTrue();
                model.put(timestamp, offset);
                timestamp += 1 + random.nextInt(1_000);
                offset += random.nextInt(50);
            }
            index.trimToValidSize();
        }
        assertThat(Files.size(file())).isEqualTo(300L * ENTRY);

        try (TimeIndex reopened = open(1_000)) {
            assertThat(reopened.sanityCheck()).isNull();
            assertThat(reopened.entries()).isEqualTo(300);
            assertThat(reopened.lastTimestamp()).isEqualTo(model.lastTimestamp());
            assertThat(reopened.lastOffset()).isEqualTo(model.lastOffset());
            model.checkLookups(reopened, random, 2_000, 7);
            for (long timestamp : model.byTimestamp.keySet()) {
                assertThat(reopened.offsetBefore(timestamp + 1)).isEqualTo(model.byTimestamp.get(timestamp));
            }

            assertThat(reopened.maybeAppend(model.lastTimestamp() + 1, model.lastOffset() + 1)).isTrue();
            assertThat(reopened.offsetBefore(Long.MAX_VALUE)).isEqualTo(model.lastOffset() + 1);
        }
    }

    @Test
    void aTrimmedIndexSkipsAppendsUntilResized() throws IOException {
        try (TimeIndex index = open(100)) {
            for (int i = 0; i < 5; i++) {
                index.maybeAppend(T0 + 10 * i, BASE + i);
            }
            index.trimToValidSize();

            assertThat(Files.size(file())).isEqualTo(5L * ENTRY);
            assertThat(index.isFull()).isTrue();
            assertThat(index.maybeAppend(T0 + 50, BASE + 5)).isFalse();

            index.resize(100 * ENTRY);

            assertThat(Files.size(file())).isEqualTo(100L * ENTRY);
            assertThat(index.isFull()).isFalse();
            assertThat(index.maybeAppend(T0 + 50, BASE + 5)).isTrue();
            assertThat(index.entries()).isEqualTo(6);
            assertThat(index.offsetBefore(T0 + 50)).isEqualTo(BASE + 4);
            assertThat(index.offsetBefore(T0 + 51)).isEqualTo(BASE + 5);
            assertThat(index.sanityCheck()).isNull();
        }
    }

    // ---------------------------------------------------------------- crash shape and sanity check

    @Test
    void anIndexClosedWithoutTrimmingReopensWithAZeroTailThatFailsTheSanityCheck() throws IOException {
        try (TimeIndex index = open(10)) {
            index.maybeAppend(T0, BASE + 1);
            index.maybeAppend(T0 + 5, BASE + 2);
            index.maybeAppend(T0 + 9, BASE + 3);
            assertThat(index.sanityCheck()).isNull();
            // No trimToValidSize(): the process "crashes" with the file still pre-allocated.
        }
        byte[] bytes = Files.readAllBytes(file());
        assertThat(bytes).hasSize(10 * ENTRY);
        assertThat(Arrays.copyOfRange(bytes, 3 * ENTRY, bytes.length)).containsOnly((byte) 0);

        try (TimeIndex reopened = open(10)) {
            assertThat(reopened.lengthAtOpen()).isEqualTo(10L * ENTRY);
            assertThat(reopened.entries()).isEqualTo(10);
            assertThat(reopened.sanityCheck()).isNotNull().contains(file().toString()).contains("entry 3");
        }
    }

    @Test
    void aFileThatIsNotAWholeNumberOfEntriesIsReported() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(2 * ENTRY + 5);
        bytes.putLong(T0).putInt(0).putLong(T0 + 1).putInt(4);
        Files.write(file(), bytes.array());

        try (TimeIndex index = open(8)) {
            assertThat(index.sanityCheck())
                    .isNotNull()
                    .contains(file().toString())
                    .contains(String.valueOf(2 * ENTRY + 5));
        }
    }

    @Test
    void aFileWithTimestampsOutOfOrderIsReported() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(3 * ENTRY);
        bytes.putLong(T0).putInt(0).putLong(T0 + 10).putInt(4).putLong(T0 + 10).putInt(6);
        Files.write(file(), bytes.array());

        try (TimeIndex index = open(8)) {
            assertThat(index.sanityCheck()).isNotNull().contains(file().toString()).contains("entry 2");
        }
    }

    @Test
    void aSoundIndexPassesTheSanityCheck() {
        try (TimeIndex index = open(10)) {
            assertThat(index.sanityCheck()).isNull();
            index.maybeAppend(T0, BASE);
            index.maybeAppend(T0 + 1, BASE);
            index.maybeAppend(T0 + 2, BASE + 9);
            assertThat(index.sanityCheck()).isNull();
            index.trimToValidSize();
        }
        try (TimeIndex reopened = open(10)) {
            assertThat(reopened.sanityCheck()).isNull();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void resetRemovesEveryEntryForARebuild() {
        try (TimeIndex index = open(10)) {
            index.maybeAppend(T0 + 100, BASE + 5);

            index.reset();

            assertThat(index.entries()).isZero();
            assertThat(index.lastTimestamp()).isEqualTo(TimeIndex.NO_TIMESTAMP);
            assertThat(index.lastOffset()).isEqualTo(BASE);
            assertThat(index.offsetBefore(Long.MAX_VALUE)).isEqualTo(BASE);
            assertThat(index.maybeAppend(T0, BASE + 1)).isTrue();
            assertThat(index.offsetBefore(Long.MAX_VALUE)).isEqualTo(BASE + 1);
        }
    }

    @Test
    void closeIsIdempotentAndLookupsAndAppendsAfterCloseFail() {
        TimeIndex index = open(10);
        index.maybeAppend(T0, BASE);
        index.close();
        index.close();

        assertThatThrownBy(() -> index.offsetBefore(T0))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file().toString());
        assertThatThrownBy(index::lastTimestamp).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(index::lastOffset).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(index::sanityCheck).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.maybeAppend(T0 + 1, BASE + 1))
                .isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void appendingToAClosedEmptyIndexFailsWithIllegalState() {
        TimeIndex index = open(10);
        index.close();

        assertThatThrownBy(() -> index.maybeAppend(T0, BASE))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file().toString());
    }

    @Test
    void deleteIfExistsRemovesTheFileAndClosesTheIndex() {
        TimeIndex index = open(10);
        index.maybeAppend(T0, BASE);
        assertThat(file()).exists();

        index.deleteIfExists();

        assertThat(file()).doesNotExist();
        assertThatThrownBy(() -> index.offsetBefore(T0)).isExactlyInstanceOf(IllegalStateException.class);
        index.deleteIfExists();
        assertThat(file()).doesNotExist();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentReadersSeeOnlyAPrefixOfTheAppendedEntries() throws Exception {
        int appends = 20_000;
        int readers = 4;
        int lookupsPerReader = 20_000;
        SplittableRandom random = new SplittableRandom(99);
        long[] timestamps = new long[appends];
        long[] offsets = new long[appends];
        long timestamp = T0;
        long offset = BASE + 1;
        for (int i = 0; i < appends; i++) {
            timestamps[i] = timestamp;
            offsets[i] = offset;
            timestamp += 1 + random.nextInt(100);
            offset += 1 + random.nextInt(20);
        }

        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch readersRunning = new CountDownLatch(readers);
        ExecutorService executor = Executors.newFixedThreadPool(readers + 1);
        try (TimeIndex index = open(appends)) {
            List<Future<?>> futures = new ArrayList<>();
            futures.add(executor.submit(() -> {
                start.await();
                readersRunning.await();
                for (int i = 0; i < appends; i++) {
                    if (!index.maybeAppend(timestamps[i], offsets[i])) {
                        throw new AssertionError("append " + i + " was skipped");
                    }
                    if (i % 2_000 == 1_999) {
                        // Re-mapping under the readers' feet is what the mapping lock is for.
                        index.trimToValidSize();
                        index.resize(appends * ENTRY);
                    }
                }
                return null;
            }));
            for (int r = 0; r < readers; r++) {
                SplittableRandom readerRandom = random.split();
                futures.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < lookupsPerReader; i++) {
                        if (i == 1) {
                            readersRunning.countDown();
                        }
                        checkConcurrentLookup(index, readerRandom, timestamps, offsets, violations);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }

            assertThat(violations).isEmpty();
            assertThat(index.entries()).isEqualTo(appends);
            assertThat(index.offsetBefore(Long.MAX_VALUE)).isEqualTo(offsets[appends - 1]);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** One lookup, checked against the answers for the prefixes the reader could have seen. */
    private static void checkConcurrentLookup(TimeIndex index, SplittableRandom random, long[] timestamps,
            long[] offsets, ConcurrentLinkedQueue<String> violations) {
        int before = index.entries();
        long target = random.nextBoolean()
                ? random.nextLong(T0 - 10, timestamps[timestamps.length - 1] + 10)
                : nearTheNewestEntry(timestamps, before, random);
        long found = index.offsetBefore(target);
        int after = index.entries();
        // The entry that answers for the whole sequence: the last one strictly older than the target.
        int at = Arrays.binarySearch(timestamps, target);
        int lower = at >= 0 ? at - 1 : -at - 2;
        int lowest = Math.min(before, lower + 1) - 1;
        int highest = Math.min(after, lower + 1) - 1;
        boolean ok;
        if (lowest < 0 && found == BASE) {
            ok = true;
        } else {
            int foundAt = Arrays.binarySearch(offsets, found);
            ok = foundAt >= 0 && foundAt >= lowest && foundAt <= highest;
        }
        if (!ok && violations.size() < 10) {
            violations.add("offsetBefore(" + target + ") = " + found + " with " + before + ".." + after + " entries");
        }
    }

    /** Around the entry the writer appended last, where a torn or unpublished entry would show. */
    private static long nearTheNewestEntry(long[] sorted, int published, SplittableRandom random) {
        int at = Math.max(0, Math.min(sorted.length - 1, published - 1 + random.nextInt(-1, 3)));
        return sorted[at] + random.nextInt(-1, 2);
    }

    // ---------------------------------------------------------------- the model

    /** What the index should hold and answer: the accepted entries in a sorted map. */
    private static final class Model {
        final TreeMap<Long, Long> byTimestamp = new TreeMap<>();
        final List<Long> timestamps = new ArrayList<>();

        /** Only a strictly later timestamp at the same or a later offset is appended. */
        boolean accepts(long timestamp, long offset) {
            return byTimestamp.isEmpty() || (timestamp > lastTimestamp() && offset >= lastOffset());
        }

        void put(long timestamp, long offset) {
            byTimestamp.put(timestamp, offset);
            timestamps.add(timestamp);
        }

        int size() {
            return byTimestamp.size();
        }

        long lastTimestamp() {
            return byTimestamp.isEmpty() ? TimeIndex.NO_TIMESTAMP : byTimestamp.lastKey();
        }

        long lastOffset() {
            return byTimestamp.isEmpty() ? BASE : byTimestamp.lastEntry().getValue();
        }

        long offsetBefore(long target) {
            Map.Entry<Long, Long> entry = byTimestamp.lowerEntry(target);
            return entry == null ? BASE : entry.getValue();
        }

        void checkLookups(TimeIndex index, SplittableRandom random, int lookups, long seed) {
            for (int i = 0; i < lookups; i++) {
                long target = pickTimestamp(random);
                assertThat(index.offsetBefore(target))
                        .as("seed %d, %d entries: offsetBefore(%d)", seed, size(), target)
                        .isEqualTo(offsetBefore(target));
            }
        }

        /** Before the first entry, exactly at an entry, between two entries, beyond the last, or anywhere. */
        private long pickTimestamp(SplittableRandom random) {
            int kind = random.nextInt(5);
            if (kind == 0 || timestamps.isEmpty()) {
                long[] early = {Long.MIN_VALUE, -1, 0, T0 - 1, T0, T0 + 1};
                return early[random.nextInt(early.length)];
            }
            int i = random.nextInt(timestamps.size());
            long at = timestamps.get(i);
            switch (kind) {
                case 1:
                    return at;
                case 2:
                    long next = i + 1 < timestamps.size() ? timestamps.get(i + 1) : at + 1_000;
                    return next - at > 1 ? random.nextLong(at + 1, next) : at;
                case 3:
                    return random.nextBoolean() ? Long.MAX_VALUE : lastTimestamp() + 1 + random.nextInt(1_000_000);
                default:
                    return random.nextLong(T0 - 10, lastTimestamp() + 10);
            }
        }
    }
}
