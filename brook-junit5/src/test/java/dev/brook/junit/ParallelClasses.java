package dev.brook.junit;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** A meeting point for two test classes that pass only when JUnit runs them at the same time. */
final class ParallelClasses {
    private static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    private ParallelClasses() {
    }

    /** Waits until the other class's test is running too; fails if it never comes. */
    static void meet() throws Exception {
        BOTH_RUNNING.await(60, TimeUnit.SECONDS);
    }
}
