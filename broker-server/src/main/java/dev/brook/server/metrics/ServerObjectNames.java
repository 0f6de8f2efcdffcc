package dev.brook.server.metrics;

import com.codahale.metrics.jmx.ObjectNameFactory;
import java.util.Hashtable;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Names one server's MBeans {@code <domain>:server=<server>,name=<meter>,type=<kind>}. The
 * {@code server} key keeps apart the meters of several servers in one JVM (embedded servers in
 * tests, say), which would otherwise share names: the second server's registrations would fail
 * and closing the first would leave the JVM without either's. A value that is not a valid
 * unquoted ObjectName value (a meter name with a {@code :} or {@code =} from a tag) is quoted.
 *
 * <p>Immutable and thread-safe.
 */
final class ServerObjectNames implements ObjectNameFactory {
    private final String server;

    ServerObjectNames(String server) {
        if (server == null || server.isEmpty()) {
            throw new IllegalArgumentException("a server's JMX identity must not be empty, got '" + server + "'");
        }
        this.server = server;
    }

    @Override
    public ObjectName createName(String type, String domain, String name) {
        Hashtable<String, String> properties = new Hashtable<>();
        properties.put("server", valid(server));
        properties.put("name", valid(name));
        properties.put("type", valid(type));
        try {
            return new ObjectName(domain, properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("cannot name the MBean of meter '" + name + "' of server '" + server
                    + "' in JMX domain '" + domain + "': " + e.getMessage(), e);
        }
    }

    /** The value as is when JMX accepts it unquoted, else quoted. */
    private static String valid(String value) {
        for (int i = 0; i < value.length(); i++) {
            switch (value.charAt(i)) {
                case ',', '=', ':', '"', '*', '?', '\n' -> {
                    return ObjectName.quote(value);
                }
                default -> {
                }
            }
        }
        return value;
    }
}
