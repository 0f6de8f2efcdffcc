package dev.brook.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * What the first {@code @BrookTest} class of a test run waits for, measured as a run sees it: a
 * fresh JVM runs JUnit's launcher on {@link Probe}, so that JUnit's own start and discovery come
 * first and the broker's start includes initializing the test's logging (its first logger is the
 * broker's). Prints one line of {@code key=value}: the broker's start, the first round trip with
 * each client (as {@link StartupFigures} counts them), and the wall time from the JVM's launch to
 * the end of those round trips. {@code brook-junit5/measure.sh} runs it in fresh JVMs
 * (docs/testing.md).
 */
public final class StartupFiguresUnderJUnit {
    private static final AtomicLong START = new AtomicLong(-1);
    private static final AtomicLong BROOK_TRIP = new AtomicLong(-1);
    private static final AtomicLong KAFKA_TRIP = new AtomicLong(-1);
    private static final AtomicLong DONE_AT_MILLIS = new AtomicLong(-1);

    private StartupFiguresUnderJUnit() {
    }

    public static void main(String[] args) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Probe.class))
                    .build(), summary);
        }
        if (summary.getSummary().getTotalFailureCount() > 0 || START.get() < 0) {
            summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.err, true), 20);
            throw new IllegalStateException("the probe did not run through");
        }
        long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("junit_start_ms=" + StartupFigures.ms(START.get())
                + " junit_brook_round_trip_ms=" + StartupFigures.ms(BROOK_TRIP.get())
                + " junit_kafka_round_trip_ms=" + StartupFigures.ms(KAFKA_TRIP.get())
                + " junit_launch_to_done_ms=" + (DONE_AT_MILLIS.get() - jvmStarted));
    }

    /** The first test class of the run: not run by Maven (its name), only by {@link #main}. */
    @BrookTest
    static final class Probe {
        @Test
        void roundTrips(BrookBroker brook) throws Exception {
            START.set(brook.startNanos());
            brook.createTopic("t", 1);
            BROOK_TRIP.set(StartupFigures.brookRoundTrip(brook));
            KAFKA_TRIP.set(StartupFigures.kafkaRoundTrip(brook));
            DONE_AT_MILLIS.set(System.currentTimeMillis());
        }
    }
}
