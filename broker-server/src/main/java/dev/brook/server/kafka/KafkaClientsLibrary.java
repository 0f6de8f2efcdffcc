package dev.brook.server.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Whether the kafka-clients library that the Kafka listener reads and writes Kafka's protocol
 * with is on the class path, and in a version the listener can use.
 *
 * <p>kafka-clients is an optional dependency of broker-server: the runnable jar carries its own
 * relocated copy, but an application or test that embeds Brook and talks only Brook's protocol
 * need not have its 20 MiB (with its compression libraries). An application that uses Kafka's
 * protocol has kafka-clients already, and the listener then uses that copy. Its generated message
 * classes change between minor versions, so a copy of another major.minor version than the one
 * Brook was built with ({@link #builtWith()}) is not used: the listener would fail on the first
 * request that touches a changed class, far from the cause.
 *
 * <p>Looks kafka-clients up by name without loading its classes, so that this check costs nothing
 * when the library is absent. Stateless; thread-safe.
 */
public final class KafkaClientsLibrary {
    /** A class every kafka-clients version has; a string so that this class links without it. */
    private static final String PROBE = "org.apache.kafka.common.protocol.ApiKeys";
    /**
     * Where kafka-clients says its version (as its AppInfoParser reads it, whose package changes
     * between versions). The runnable jar's relocation rewrites this name with the file's.
     */
    private static final String VERSION_RESOURCE = "kafka/kafka-version.properties";

    private static final String BUILT_WITH_RESOURCE = "dev/brook/server/kafka/kafka-clients.properties";

    private KafkaClientsLibrary() {
    }

    /**
     * Why the Kafka listener cannot run in this JVM, or null if it can: kafka-clients is absent,
     * or of another major.minor version than {@link #builtWith()}.
     */
    public static String unusableReason() {
        Class<?> probe;
        try {
            probe = Class.forName(PROBE, false, KafkaClientsLibrary.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return "kafka-clients is not on the class path: add org.apache.kafka:kafka-clients:" + builtWith()
                    + " to serve Kafka clients, or set kafka.enabled=false";
        }
        String found = version(probe.getClassLoader(), VERSION_RESOURCE);
        if (found == null) {
            found = "(unknown version: no " + VERSION_RESOURCE + ")";
        }
        if (!sameMinor(found, builtWith())) {
            return "the class path has kafka-clients " + found + " but Brook's Kafka listener was built with "
                    + builtWith() + " and needs the same major.minor version (its message classes differ between "
                    + "versions); use kafka-clients " + builtWith() + " in tests, or set kafka.enabled=false";
        }
        return null;
    }

    /** The kafka-clients version Brook was built with, such as {@code 4.4.0}. */
    public static String builtWith() {
        String version = version(KafkaClientsLibrary.class.getClassLoader(), BUILT_WITH_RESOURCE);
        if (version == null) {
            throw new IllegalStateException(BUILT_WITH_RESOURCE + " is missing from Brook's classes; rebuild");
        }
        return version;
    }

    /** The {@code version} property of a resource, or null if there is no such resource. */
    private static String version(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /** Whether two versions share major and minor ({@code 4.4.0} and {@code 4.4.1} do). */
    static boolean sameMinor(String a, String b) {
        return majorMinor(a).equals(majorMinor(b));
    }

    private static String majorMinor(String version) {
        String[] parts = version.split("[.-]");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

}
