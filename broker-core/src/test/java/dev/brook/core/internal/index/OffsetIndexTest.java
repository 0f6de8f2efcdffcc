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

class OffsetIndexTest {
    /** Far from zero, so that relative and absolute offsets cannot be confused. */
    private static final long BASE = 5_000_000_000L;
    private static final int ENTRY = OffsetIndex.ENTRY_SIZE;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("00000000005000000000.index");
    }

    private OffsetIndex open(int maxEntries) {
        return new OffsetIndex(file(), BASE, maxEntries * ENTRY);
    }

    @Test
    void theFileGrowsWithItsEntriesRatherThanTakingItsMaximumAtOnce() throws IOException {
        int max = 10 * 1024 * 1024;
        try (OffsetIndex index = new OffsetIndex(file(), BASE, max)) {
            index.append(BASE, 0);
            assertThat(Files.size(file())).as("one page at first").isEqualTo(4096);
            for (int i = 1; i < 1_000; i++) {
                index.append(BASE + i, i * 100);
            }
            assertThat(Files.size(file())).isBetween(1_000L * ENTRY, 16_384L);
            assertThat(index.remainingEntries()).isEqualTo(max / ENTRY - 1_000);
            assertThat(index.floorPosition(BASE + 500)).isEqualTo(50_000);
            assertThat(index.floorPosition(BASE + 999)).isEqualTo(99_900);
            index.trimToValidSize();
            assertThat(Files.size(file())).isEqualTo(1_000L * ENTRY);
        }
    }

    // ---------------------------------------------------------------- model-based

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20_240_601})
    void lookupsAgreeWithASortedMapModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Model model = new Model();
        try (OffsetIndex index = open(2_000)) {
            model.checkLookups(index, random, 200, seed);
            long offset = BASE - 1;
            int position = -1;
            for (int i = 0; i < 2_000; i++) {
                offset += 1 + (random.nextBoolean() ? 0 : random.nextInt(1_000));
                position += 1 + (random.nextBoolean() ? 0 : random.nextInt(100_000));
                index.append(offset, position);
                model.put(offset, position);
                if (random.nextInt(20) == 0) {
                    model.checkLookups(index, random, 20, seed);
                }
            }
            model.checkLookups(index, random, 5_000, seed);
            assertThat(index.entries()).isEqualTo(model.size());
            assertThat(index.lastOffset()).isEqualTo(model.byOffset.lastKey());
            assertThat(index.isFull()).isTrue();
        }
    }

    @Test
    void anEmptyIndexFindsNothing() {
        try (OffsetIndex index = open(10)) {
            assertThat(index.entries()).isZero();
            assertThat(index.lastOffset()).isEqualTo(BASE);
            for (long target : new long[] {Long.MIN_VALUE, -1, 0, BASE - 1, BASE, BASE + 1, Long.MAX_VALUE}) {
                assertThat(index.floorPosition(target)).as("floorPosition(%d)", target).isZero();
            }
            for (int target : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
                assertThat(index.floorPositionAtMost(target)).as("floorPositionAtMost(%d)", target).isZero();
            }
        }
    }

    // ---------------------------------------------------------------- base offset

    @Test
    void offsetsBelowTheBaseOffsetFindNoEntry() {
        try (OffsetIndex index = open(10)) {
            index.append(BASE, 100);
            index.append(BASE + 10, 200);

            for (long target : new long[] {BASE - 1, 0, -1, Long.MIN_VALUE + 1, Long.MIN_VALUE}) {
                assertThat(index.floorPosition(target)).as("floorPosition(%d)", target).isZero();
            }
            assertThat(index.floorPosition(BASE)).isEqualTo(100);
            assertThat(index.floorPosition(BASE + 9)).isEqualTo(100);
            assertThat(index.floorPosition(BASE + 10)).isEqualTo(200);
            assertThat(index.floorPosition(Long.MAX_VALUE)).isEqualTo(200);
        }
    }

    @Test
    void offsetsAreStoredRelativeToTheBaseUpToTheInt32Limit() {
        long highest = BASE + Integer.MAX_VALUE;
        try (OffsetIndex index = open(10)) {
            index.append(BASE, 0);
            index.append(highest, 4096);

            assertThat(index.lastOffset()).isEqualTo(highest);
            assertThat(index.floorPosition(highest - 1)).isZero();
            assertThat(index.floorPosition(highest)).isEqualTo(4096);
            assertThat(index.floorPosition(highest + 1)).isEqualTo(4096);
        }
    }

    @Test
    void anOffsetThatDoesNotFitRelativeToTheBaseIsRefusedNamingTheFile() {
        try (OffsetIndex index = open(10)) {
            assertThatThrownBy(() -> index.append(BASE + Integer.MAX_VALUE + 1L, 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining(String.valueOf(BASE + Integer.MAX_VALUE + 1L));
            assertThatThrownBy(() -> index.append(BASE - 1, 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file().toString());
            assertThatThrownBy(() -> index.append(Long.MAX_VALUE, 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(index.entries()).isZero();
        }
    }

    @Test
    void appendsThatDoNotStrictlyFollowTheLastEntryAreRefused() {
        try (OffsetIndex index = open(10)) {
            index.append(BASE + 10, 100);

            long[][] refused = {{BASE + 10, 200}, {BASE + 5, 200}, {BASE + 20, 100}, {BASE + 20, 50}, {BASE + 5, 50}};
            for (long[] entry : refused) {
                assertThatThrownBy(() -> index.append(entry[0], (int) entry[1]))
                        .as("append(%d, %d)", entry[0], entry[1])
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(file().toString());
            }
            assertThat(index.entries()).isEqualTo(1);
            assertThat(index.lastOffset()).isEqualTo(BASE + 10);

            index.append(BASE + 11, 101);
            assertThat(index.floorPosition(BASE + 11)).isEqualTo(101);
        }
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void aFullIndexRefusesAppendsWithIllegalState() {
        try (OffsetIndex index = open(3)) {
            index.append(BASE, 0);
            index.append(BASE + 1, 10);
            assertThat(index.isFull()).isFalse();
            index.append(BASE + 2, 20);
            assertThat(index.isFull()).isTrue();

            assertThatThrownBy(() -> index.append(BASE + 3, 30))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file().toString());
            assertThat(index.entries()).isEqualTo(3);
            assertThat(index.floorPosition(BASE + 3)).isEqualTo(20);
        }
    }

    @Test
    void aMaxIndexSizeThatIsNotAWholeNumberOfEntriesIsRoundedDown() throws IOException {
        try (OffsetIndex index = new OffsetIndex(file(), BASE, 3 * ENTRY + ENTRY - 1)) {
            assertThat(Files.size(file())).isEqualTo(3 * ENTRY);
            for (int i = 0; i < 3; i++) {
                assertThat(index.isFull()).isFalse();
                index.append(BASE + i, i);
            }
            assertThat(index.isFull()).isTrue();
            assertThatThrownBy(() -> index.append(BASE + 3, 3)).isExactlyInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aMaxIndexSizeSmallerThanOneEntryGivesAnIndexThatIsFullAtOnce() throws IOException {
        try (OffsetIndex index = new OffsetIndex(file(), BASE, ENTRY - 1)) {
            assertThat(index.isFull()).isTrue();
            assertThat(Files.size(file())).isZero();
            assertThatThrownBy(() -> index.append(BASE, 0)).isExactlyInstanceOf(IllegalStateException.class);
        }
    }

    // ---------------------------------------------------------------- reopen, trim, resize

    @Test
    void reopeningATrimmedIndexGivesTheSameEntriesAndLookups() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        Model model = new Model();
        try (OffsetIndex index = open(1_000)) {
            long offset = BASE;
            int position = 0;
            for (int i = 0; i < 300; i++) {
                index.append(offset, position);
                model.put(offset, position);
                offset += 1 + random.nextInt(50);
                position += 1 + random.nextInt(5_000);
            }
            index.trimToValidSize();
        }
        assertThat(Files.size(file())).isEqualTo(300L * ENTRY);

        try (OffsetIndex reopened = open(1_000)) {
            assertThat(reopened.sanityCheck()).isNull();
            assertThat(reopened.entries()).isEqualTo(300);
            assertThat(reopened.lastOffset()).isEqualTo(model.byOffset.lastKey());
            model.checkLookups(reopened, random, 2_000, 7);
            for (Map.Entry<Long, Integer> entry : model.byOffset.entrySet()) {
                assertThat(reopened.floorPosition(entry.getKey())).isEqualTo(entry.getValue());
            }

            long next = model.byOffset.lastKey() + 1;
            int nextPosition = model.byPosition.lastKey() + 1;
            reopened.append(next, nextPosition);
            assertThat(reopened.floorPosition(next)).isEqualTo(nextPosition);
        }
    }

    @Test
    void aTrimmedIndexIsFullUntilResized() throws IOException {
        try (OffsetIndex index = open(100)) {
            for (int i = 0; i < 5; i++) {
                index.append(BASE + 10 * i, 100 * i);
            }
            index.trimToValidSize();

            assertThat(Files.size(file())).isEqualTo(5L * ENTRY);
            assertThat(index.isFull()).isTrue();
            assertThatThrownBy(() -> index.append(BASE + 50, 500)).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(index.floorPosition(BASE + 45)).isEqualTo(400);

            index.resize(100 * ENTRY);

            assertThat(Files.size(file())).isEqualTo(100L * ENTRY);
            assertThat(index.isFull()).isFalse();
            index.append(BASE + 50, 500);
            assertThat(index.entries()).isEqualTo(6);
            assertThat(index.floorPosition(BASE + 45)).isEqualTo(400);
            assertThat(index.floorPosition(BASE + 55)).isEqualTo(500);
            assertThat(index.floorPositionAtMost(499)).isEqualTo(400);
            assertThat(index.sanityCheck()).isNull();
        }
    }

    @Test
    void resizeNeverDropsWrittenEntries() {
        try (OffsetIndex index = open(10)) {
            for (int i = 0; i < 10; i++) {
                index.append(BASE + i, i * 10);
            }
            index.resize(2 * ENTRY);

            assertThat(index.entries()).isEqualTo(10);
            assertThat(index.isFull()).isTrue();
            assertThat(index.floorPosition(BASE + 9)).isEqualTo(90);
        }
    }

    // ---------------------------------------------------------------- crash shape and sanity check

    @Test
    void anIndexClosedWithoutTrimmingReopensWithAZeroTailThatFailsTheSanityCheck() throws IOException {
        try (OffsetIndex index = open(16)) {
            index.append(BASE + 1, 10);
            index.append(BASE + 2, 20);
            index.append(BASE + 3, 30);
            assertThat(index.sanityCheck()).isNull();
            // No trimToValidSize(): the process "crashes" with the file still pre-allocated.
        }
        byte[] bytes = Files.readAllBytes(file());
        assertThat(bytes).hasSize(16 * ENTRY);
        assertThat(Arrays.copyOfRange(bytes, 3 * ENTRY, bytes.length)).containsOnly((byte) 0);

        try (OffsetIndex reopened = open(16)) {
            assertThat(reopened.lengthAtOpen()).isEqualTo(16L * ENTRY);
            assertThat(reopened.entries()).isEqualTo(16);
            assertThat(reopened.sanityCheck()).isNotNull().contains(file().toString());
        }
    }

    @Test
    void aPreallocatedIndexThatNeverGotAnEntryFailsTheSanityCheckAfterACrash() {
        try (OffsetIndex index = open(4)) {
            assertThat(index.sanityCheck()).isNull();
        }
        try (OffsetIndex reopened = open(4)) {
            assertThat(reopened.sanityCheck()).isNotNull().contains(file().toString());
        }
    }

    @Test
    void aFileThatIsNotAWholeNumberOfEntriesIsReported() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(2 * ENTRY + 3);
        bytes.putInt(0).putInt(0).putInt(5).putInt(100);
        Files.write(file(), bytes.array());

        try (OffsetIndex index = open(8)) {
            assertThat(index.sanityCheck())
                    .isNotNull()
                    .contains(file().toString())
                    .contains(String.valueOf(2 * ENTRY + 3));
        }
    }

    @Test
    void aFileWithEntriesOutOfOrderIsReported() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(3 * ENTRY);
        bytes.putInt(0).putInt(0).putInt(9).putInt(900).putInt(5).putInt(950);
        Files.write(file(), bytes.array());

        try (OffsetIndex index = open(8)) {
            assertThat(index.sanityCheck()).isNotNull().contains(file().toString()).contains("entry 2");
        }
    }

    @Test
    void aSoundIndexPassesTheSanityCheck() {
        try (OffsetIndex index = open(10)) {
            assertThat(index.sanityCheck()).isNull();
            index.append(BASE, 0);
            index.append(BASE + 3, 70);
            assertThat(index.sanityCheck()).isNull();
            index.trimToValidSize();
            assertThat(index.sanityCheck()).isNull();
        }
        try (OffsetIndex reopened = open(10)) {
            assertThat(reopened.sanityCheck()).isNull();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void resetRemovesEveryEntryForARebuild() {
        try (OffsetIndex index = open(10)) {
            index.append(BASE + 5, 50);
            index.append(BASE + 6, 60);

            index.reset();

            assertThat(index.entries()).isZero();
            assertThat(index.lastOffset()).isEqualTo(BASE);
            assertThat(index.floorPosition(BASE + 6)).isZero();
            assertThat(index.floorPositionAtMost(Integer.MAX_VALUE)).isZero();
            index.append(BASE, 0);
            index.append(BASE + 1, 40);
            assertThat(index.floorPosition(BASE + 6)).isEqualTo(40);
            assertThat(index.sanityCheck()).isNull();
        }
    }

    @Test
    void closeIsIdempotentAndLookupsAndAppendsAfterCloseFail() {
        OffsetIndex index = open(10);
        index.append(BASE, 0);
        index.close();
        index.close();

        assertThatThrownBy(() -> index.floorPosition(BASE))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file().toString());
        assertThatThrownBy(() -> index.floorPositionAtMost(0)).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(index::lastOffset).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(index::flush).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.append(BASE + 1, 1)).isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesToAClosedEmptyIndexFailWithIllegalState() {
        OffsetIndex index = open(10);
        index.close();

        assertThatThrownBy(() -> index.append(BASE, 0))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file().toString());
        assertThatThrownBy(index::trimToValidSize).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.resize(10 * ENTRY)).isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void deleteIfExistsRemovesTheFileAndClosesTheIndex() {
        OffsetIndex index = open(10);
        index.append(BASE, 0);
        assertThat(file()).exists();

        index.deleteIfExists();

        assertThat(file()).doesNotExist();
        assertThatThrownBy(() -> index.floorPosition(BASE)).isExactlyInstanceOf(IllegalStateException.class);
        index.deleteIfExists();
        assertThat(file()).doesNotExist();
    }

    @Test
    void aRenamedIndexKeepsWorkingUnderItsNewName() throws IOException {
        Path renamed = dir.resolve(file().getFileName() + ".deleted");
        OffsetIndex index = open(10);
        index.append(BASE, 0);
        index.append(BASE + 4, 40);

        index.renameTo(renamed);

        assertThat(file()).doesNotExist();
        assertThat(renamed).exists();
        assertThat(index.file()).isEqualTo(renamed);
        assertThat(index.floorPosition(BASE + 5)).isEqualTo(40);
        index.trimToValidSize();
        assertThat(file()).doesNotExist();
        assertThat(Files.size(renamed)).isEqualTo(2L * ENTRY);

        index.deleteIfExists();
        assertThat(renamed).doesNotExist();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentReadersSeeOnlyAPrefixOfTheAppendedEntries() throws Exception {
        int appends = 20_000;
        int readers = 4;
        int lookupsPerReader = 20_000;
        SplittableRandom random = new SplittableRandom(99);
        long[] offsets = new long[appends];
        int[] positions = new int[appends];
        long offset = BASE;
        int position = 1;
        for (int i = 0; i < appends; i++) {
            offsets[i] = offset;
            positions[i] = position;
            offset += 1 + random.nextInt(20);
            position += 1 + random.nextInt(2_000);
        }

        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch readersRunning = new CountDownLatch(readers);
        ExecutorService executor = Executors.newFixedThreadPool(readers + 1);
        try (OffsetIndex index = open(appends)) {
            List<Future<?>> futures = new ArrayList<>();
            futures.add(executor.submit(() -> {
                start.await();
                readersRunning.await();
                for (int i = 0; i < appends; i++) {
                    index.append(offsets[i], positions[i]);
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
                        checkConcurrentLookup(index, readerRandom, offsets, positions, violations);
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
            assertThat(index.floorPosition(Long.MAX_VALUE)).isEqualTo(positions[appends - 1]);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** One lookup of each kind, checked against the floors of the prefixes the reader could have seen. */
    private static void checkConcurrentLookup(OffsetIndex index, SplittableRandom random, long[] offsets,
            int[] positions, ConcurrentLinkedQueue<String> violations) {
        int before = index.entries();
        long target = random.nextBoolean()
                ? random.nextLong(BASE - 10, offsets[offsets.length - 1] + 10)
                : offsets[nearTheNewestEntry(offsets.length, before, random)] + random.nextInt(-1, 2);
        int found = index.floorPosition(target);
        int after = index.entries();
        int floor = floorIndex(offsets, target);
        if (!isPrefixFloor(found, positions, floor, before, after)) {
            report(violations, "floorPosition(" + target + ") = " + found + " with " + before + ".." + after
                    + " entries");
        }

        before = index.entries();
        int maxPosition = random.nextBoolean()
                ? random.nextInt(-10, positions[positions.length - 1] + 10)
                : positions[nearTheNewestEntry(positions.length, before, random)] + random.nextInt(-1, 2);
        found = index.floorPositionAtMost(maxPosition);
        after = index.entries();
        floor = floorIndex(positions, maxPosition);
        if (!isPrefixFloor(found, positions, floor, before, after)) {
            report(violations, "floorPositionAtMost(" + maxPosition + ") = " + found + " with " + before + ".."
                    + after + " entries");
        }
    }

    /** The index of an entry around the one the writer appended last, where a torn entry would show. */
    private static int nearTheNewestEntry(int length, int published, SplittableRandom random) {
        return Math.max(0, Math.min(length - 1, published - 1 + random.nextInt(-1, 3)));
    }

    /** Keeps the first few violations, which is enough to debug and keeps the failure message short. */
    private static void report(ConcurrentLinkedQueue<String> violations, String violation) {
        if (violations.size() < 10) {
            violations.add(violation);
        }
    }

    /**
     * Whether {@code found} is the answer for the first k entries, for some k in
     * [{@code before}, {@code after}], given that entry {@code floor} is the answer for all of them.
     */
    private static boolean isPrefixFloor(int found, int[] positions, int floor, int before, int after) {
        int lowest = Math.min(before, floor + 1) - 1;
        int highest = Math.min(after, floor + 1) - 1;
        if (lowest < 0 && found == 0) {
            return true;
        }
        int at = Arrays.binarySearch(positions, found);
        return at >= 0 && at >= lowest && at <= highest;
    }

    private static int floorIndex(long[] sorted, long target) {
        int at = Arrays.binarySearch(sorted, target);
        return at >= 0 ? at : -at - 2;
    }

    private static int floorIndex(int[] sorted, int target) {
        int at = Arrays.binarySearch(sorted, target);
        return at >= 0 ? at : -at - 2;
    }

    // ---------------------------------------------------------------- the model

    /** What the index should answer: the same entries in sorted maps. */
    private static final class Model {
        final TreeMap<Long, Integer> byOffset = new TreeMap<>();
        final TreeMap<Integer, Long> byPosition = new TreeMap<>();
        final List<Long> offsets = new ArrayList<>();
        final List<Integer> positions = new ArrayList<>();

        void put(long offset, int position) {
            byOffset.put(offset, position);
            byPosition.put(position, offset);
            offsets.add(offset);
            positions.add(position);
        }

        int size() {
            return byOffset.size();
        }

        int floorPosition(long target) {
            Map.Entry<Long, Integer> entry = byOffset.floorEntry(target);
            return entry == null ? 0 : entry.getValue();
        }

        int floorPositionAtMost(int maxPosition) {
            Integer position = byPosition.floorKey(maxPosition);
            return position == null ? 0 : position;
        }

        void checkLookups(OffsetIndex index, SplittableRandom random, int lookups, long seed) {
            for (int i = 0; i < lookups; i++) {
                long target = pickOffset(random);
                assertThat(index.floorPosition(target))
                        .as("seed %d, %d entries: floorPosition(%d)", seed, size(), target)
                        .isEqualTo(floorPosition(target));
                int maxPosition = pickPosition(random);
                assertThat(index.floorPositionAtMost(maxPosition))
                        .as("seed %d, %d entries: floorPositionAtMost(%d)", seed, size(), maxPosition)
                        .isEqualTo(floorPositionAtMost(maxPosition));
            }
        }

        /** Below the base, exactly at an entry, between two entries, beyond the last, or anywhere. */
        private long pickOffset(SplittableRandom random) {
            int kind = random.nextInt(5);
            if (kind == 0 || offsets.isEmpty()) {
                long[] below = {BASE - 1, BASE - 1 - random.nextInt(1_000_000), 0, -1, Long.MIN_VALUE, BASE};
                return below[random.nextInt(below.length)];
            }
            int i = random.nextInt(offsets.size());
            long at = offsets.get(i);
            switch (kind) {
                case 1:
                    return at;
                case 2:
                    long next = i + 1 < offsets.size() ? offsets.get(i + 1) : at + 1_000;
                    return next - at > 1 ? random.nextLong(at + 1, next) : at;
                case 3:
                    long last = offsets.get(offsets.size() - 1);
                    return random.nextBoolean() ? Long.MAX_VALUE : last + 1 + random.nextInt(1_000_000);
                default:
                    return random.nextLong(BASE - 10, offsets.get(offsets.size() - 1) + 10);
            }
        }

        private int pickPosition(SplittableRandom random) {
            int kind = random.nextInt(5);
            if (kind == 0 || positions.isEmpty()) {
                int[] below = {-1, Integer.MIN_VALUE, 0, 1};
                return below[random.nextInt(below.length)];
            }
            int i = random.nextInt(positions.size());
            int at = positions.get(i);
            switch (kind) {
                case 1:
                    return at;
                case 2:
                    int next = i + 1 < positions.size() ? positions.get(i + 1) : at + 1_000;
                    return next - at > 1 ? random.nextInt(at + 1, next) : at;
                case 3:
                    return random.nextBoolean() ? Integer.MAX_VALUE : positions.get(positions.size() - 1) + 1;
                default:
                    return random.nextInt(-10, positions.get(positions.size() - 1) + 10);
            }
        }
    }

    @Test
    void anUnloadedIndexMapsItselfAgainForTheNextLookup(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        OffsetIndex index = new OffsetIndex(tmp.resolve("u.index"), 100, 800);
        for (int i = 0; i < 10; i++) {
            index.append(100 + i * 10, i * 50);
        }
        index.unload();
        assertThat(index.isLoaded()).as("an untrimmed index stays mapped").isTrue();
        index.trimToValidSize();
        index.unload();
        assertThat(index.isLoaded()).isFalse();

        assertThat(index.floorPosition(155)).isEqualTo(250);
        assertThat(index.isLoaded()).isTrue();
        assertThat(index.floorPositionAtMost(120)).isEqualTo(100);
        index.close();
    }
}
