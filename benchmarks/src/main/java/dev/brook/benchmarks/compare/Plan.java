package dev.brook.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one comparison measures, full or quick: the loads each driver runs and the table's rows.
 * Immutable.
 */
record Plan(boolean quick, List<int[]> produceCases, long records100, long records1k, int[] scalePartitions,
            long scaleRecords, int e2eRate, int e2eSeconds, int e2eWarmup, long growBytes, int fetchSamples) {
    static final int GROW_RECORD_SIZE = 1024;

    /** The full plan: every combination, a few million records, 1, 100 and 1,000 partitions, a 10 GB partition. */
    static Plan fullPlan() {
        List<int[]> cases = new ArrayList<>();
        for (int size : new int[] {100, 1024}) {
            for (int acks : new int[] {1, -1}) {
                for (int partitions : new int[] {1, 4}) {
                    cases.add(new int[] {size, acks, partitions});
                }
            }
        }
        return new Plan(false, cases, 3_000_000, 500_000, new int[] {100, 1000}, 1_000_000,
                10_000, 30, 2, 10_000_000_000L, 200);
    }

    /** The quick plan: two producer combinations, fewer records, 100 partitions only, a 1 GB partition. */
    static Plan quickPlan() {
        return new Plan(true, List.of(new int[] {100, 1, 1}, new int[] {1024, -1, 4}), 500_000, 100_000,
                new int[] {100}, 300_000, 10_000, 10, 2, 1_000_000_000L, 50);
    }

    String describe() {
        StringBuilder out = new StringBuilder(quick ? "quick (`--quick`): " : "full: ");
        List<String> cases = new ArrayList<>();
        for (int[] c : produceCases) {
            cases.add(label(c[0], c[1], c[2]));
        }
        out.append("producer loads ").append(String.join("; ", cases));
        out.append(String.format(Locale.ROOT, "; %,d records of 100 B, %,d of 1 KiB per producer load; consumer reads %,d",
                records100, records1k, records100));
        out.append(String.format(Locale.ROOT, "; end-to-end %,d records/s for %d s after a %d s warm-up", e2eRate, e2eSeconds, e2eWarmup));
        out.append(String.format(Locale.ROOT, "; scale rows %,d records of 100 B, acks=1", scaleRecords));
        out.append(String.format(Locale.ROOT, "; fetch cost on a %s partition, %d samples per position, first run only",
                growBytes >= 1e9 ? (growBytes / 1_000_000_000L) + " GB" : (growBytes / 1_000_000L) + " MB", fetchSamples));
        return out.toString();
    }

    static String produceId(int size, int acks, int partitions) {
        return "produce." + size + "." + (acks < 0 ? "all" : acks) + ".p" + partitions;
    }

    static String label(int size, int acks, int partitions) {
        return "produce " + (size == 1024 ? "1 KiB" : size + " B") + ", acks=" + (acks < 0 ? "all" : acks) + ", "
                + String.format(Locale.ROOT, "%,d", partitions) + (partitions == 1 ? " partition" : " partitions");
    }

    String consumeTopic(String prefix) {
        return prefix + produceId(100, 1, 1);
    }

    String growTopic() {
        return "grow";
    }

    long growRecords() {
        return growBytes / GROW_RECORD_SIZE;
    }

    /** The loads of one driver: every measured load, then (if asked) growing and timing the big partition. */
    List<Load> loads(String prefix, boolean grow, boolean fetch) {
        List<Load> loads = new ArrayList<>();
        // Untimed: JIT, connections and metadata warm up before the first measured load.
        loads.add(Load.of("grow", "topic", prefix + "warmup", "size", 100, "records", 200_000));
        for (int[] c : produceCases) {
            String id = produceId(c[0], c[1], c[2]);
            loads.add(Load.of("produce", "id", id, "topic", prefix + id, "size", c[0], "acks", c[1] < 0 ? "all" : "1",
                    "partitions", c[2], "records", c[0] == 100 ? records100 : records1k));
        }
        loads.add(Load.of("consume", "id", "consume.100", "topic", consumeTopic(prefix), "partitions", 1, "records", records100));
        loads.add(Load.of("e2e", "id", "e2e", "topic", prefix + "e2e", "rate", e2eRate, "seconds", e2eSeconds,
                "warmup", e2eWarmup, "size", 100));
        for (int partitions : scalePartitions) {
            String id = produceId(100, 1, partitions);
            loads.add(Load.of("produce", "id", id, "topic", prefix + id, "size", 100, "acks", "1",
                    "partitions", partitions, "records", scaleRecords));
        }
        if (grow) {
            loads.add(Load.of("grow", "topic", growTopic(), "size", GROW_RECORD_SIZE, "records", growRecords()));
        }
        if (fetch) {
            loads.add(Load.of("fetch", "id", "fetch", "topic", growTopic(), "records", growRecords(), "samples", fetchSamples));
        }
        return loads;
    }

    /** The table's rows, in order. */
    List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        Target twice = Target.ratioAtLeast(2);
        Target once = Target.ratioAtLeast(1);
        boolean has1p100 = false;
        for (int[] c : produceCases) {
            figures.add(new Figure(produceId(c[0], c[1], c[2]), label(c[0], c[1], c[2]), "records/s", c[0], twice, once));
            has1p100 |= c[0] == 100 && c[1] == 1 && c[2] == 1;
        }
        figures.add(new Figure("consume.100", "consume 100 B, 1 partition", "records/s", 100, twice, once));
        figures.add(new Figure("e2e.p50", "end-to-end p50, 100 B at " + String.format(Locale.ROOT, "%,d", e2eRate) + "/s",
                "ms", 0, Target.NONE, Target.NONE));
        figures.add(new Figure("e2e.p99", "end-to-end p99", "ms", 0, Target.ratioAtMost(0.5), Target.ratioAtMost(0.5)));
        figures.add(new Figure("e2e.p999", "end-to-end p99.9", "ms", 0, Target.NONE, Target.NONE));
        figures.add(new Figure("broker.start", "start-to-ready", "ms", 0, Target.ratioAtMost(0.1), Target.ratioAtMost(0.1)));
        figures.add(new Figure("broker.vmhwm", "peak resident memory (VmHWM)", "MiB", 0,
                Target.ratioAtMost(0.25), Target.ratioAtMost(0.25)));
        if (has1p100) {
            figures.add(new Figure("scale.p1", "scale: produce 100 B, acks=1, 1 partition (the row above)", "records/s", 100, twice, once));
        }
        for (int partitions : scalePartitions) {
            String id = produceId(100, 1, partitions);
            figures.add(new Figure(id, "scale: " + label(100, 1, partitions), "records/s", 100, twice, once));
        }
        String size = growBytes >= 1e9 ? (growBytes / 1_000_000_000L) + " GB" : (growBytes / 1_000_000L) + " MB";
        for (String position : new String[] {"start", "middle", "end"}) {
            figures.add(new Figure("fetch." + position, "fetch at the " + position + " of a " + size + " partition",
                    "ms", 0, Target.NONE, Target.NONE));
        }
        figures.add(new Figure("fetch.spread", "fetch cost spread (slowest ÷ fastest position)", "", 0,
                Target.valueAtMost(1.5), Target.valueAtMost(1.5)));
        return figures;
    }
}
