package dev.brook.junit.internal;

import dev.brook.server.NetworkTransport;
import dev.brook.server.ServerConfig;
import dev.brook.server.network.EventLoops;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Loads what a test broker's start needs on a background thread as soon as JUnit opens its
 * launcher session, so that the first {@code @BrookTest} class of a run does not wait for it.
 *
 * <p>Why: in a fresh JVM most of a broker's start is loading and initializing classes (Netty's
 * event loops, sockets and allocator, about 500 with the JDK's; the test's logging, which the
 * first logger initializes), once per JVM. JUnit spends its first second or so discovering tests
 * on one thread, while a second core is usually idle: done there, the first test class finds
 * them loaded. It binds no port, writes no file and leaves no thread behind.
 *
 * <p>What it changes for the test JVM: the test's SLF4J binding is initialized at the start of
 * the run rather than at its first logger (Netty logs through SLF4J), so a test that points its
 * logging somewhere by a system property set in test code should set it earlier, or turn this
 * off with {@code -Dbrook.junit.warmup=false}. It also applies {@link TestJvmDefaults}.
 *
 * <p>JUnit finds this class through {@code META-INF/services}. Thread-safe: JUnit calls it once
 * per session; the warm-up thread touches nothing shared.
 */
public final class WarmUpOnLauncherSession implements LauncherSessionListener {
    /** The system property that turns the warm-up off ({@code false}). */
    public static final String ENABLED_PROPERTY = "brook.junit.warmup";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return;
        }
        TestJvmDefaults.apply();
        Thread thread = new Thread(WarmUpOnLauncherSession::warmUp, "brook-junit-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warmUp() {
        try {
            // The transport and defaults of a test broker (BrookBroker): the same classes load.
            EventLoops.warmUp(NetworkTransport.NIO);
            ServerConfig.builder().networkTransport(NetworkTransport.NIO).build().brokerConfig();
        } catch (RuntimeException | LinkageError e) {
            // Only a head start: whatever failed here fails again, and is reported, when a broker starts.
        }
    }
}
