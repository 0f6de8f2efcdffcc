package dev.brook.server;

import dev.brook.server.security.SecuritySettings;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up log lines about how exposed the broker is: each listener's security, and a warning
 * for every listener reachable from other machines (bound to anything but a loopback address)
 * that lets clients in without authenticating them. The default (127.0.0.1, no authentication)
 * is for a developer's laptop and stays quiet.
 *
 * <p>Stateless; thread-safe.
 */
final class SecurityWarnings {
    private static final Logger log = LoggerFactory.getLogger(SecurityWarnings.class);

    private SecurityWarnings() {
    }

    static void logAtStart(ServerConfig config, InetSocketAddress brook, InetSocketAddress kafka) {
        SecuritySettings security = config.security();
        check("Brook", brook, SecuritySettings.authenticates(security.brookTls(), security.brookSaslMechanisms()),
                security.brookSecurityProtocol());
        if (kafka != null) {
            check("Kafka", kafka, SecuritySettings.authenticates(security.kafkaTls(), security.kafkaSaslMechanisms()),
                    security.kafkaSecurityProtocol());
        }
    }

    private static void check(String listener, InetSocketAddress address, boolean authenticated, String protocol) {
        if (!address.getAddress().isLoopbackAddress() && !authenticated) {
            log.warn("the {} listener on {}:{} is reachable from other machines and does not authenticate clients"
                    + " ({}): anyone who can reach it can read and write every topic. See docs/operations.md,"
                    + " \"Running Brook securely\".", listener, address.getAddress().getHostAddress(),
                    address.getPort(), protocol);
        } else if (!"PLAINTEXT".equals(protocol)) {
            log.info("the {} listener on port {} uses {}", listener, address.getPort(), protocol);
        }
    }
}
