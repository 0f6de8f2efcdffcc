package dev.brook.junit.internal;

/**
 * The JVM-wide settings the extension gives a test JVM that has not chosen otherwise.
 *
 * <p>Stateless; thread-safe.
 */
public final class TestJvmDefaults {
    private static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";

    private TestJvmDefaults() {
    }

    /**
     * Turns off Netty's allocator events for Java Flight Recorder unless the JVM sets
     * {@code io.netty.jfr.enabled} itself (to {@code true} to record them). Netty 4.2's pooling
     * allocator declares them, and the first buffer it allocates in a JVM loads and instruments
     * them (over a hundred JFR classes, 100 ms or more on two cores) whether or not anything
     * records: a test would pay that on its first message. Takes effect only if Netty has not
     * initialized yet in this JVM, so it is applied before anything of Brook touches Netty.
     */
    public static void apply() {
        if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
            System.setProperty(NETTY_JFR_PROPERTY, "false");
        }
    }
}
