package dev.brook.server;

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
        // Brook's own protocol has no authentication yet; mutual TLS is the only way to know a client.
        boolean brookAuthenticated = config.security().brookTls() != null
                && config.security().brookTls().clientAuth() == io.netty.handler.ssl.ClientAuth.REQUIRE;
        check("Brook", brook, brookAuthenticated, config.security().brookTls() != null ? "SSL" : "PLAINTEXT");
        if (kafka != null) {
            boolean kafkaAuthenticated = !config.security().kafkaSaslMechanisms().isEmpty()
                    || (config.security().kafkaTls() != null
                            && config.security().kafkaTls().clientAuth() == io.netty.handler.ssl.ClientAuth.REQUIRE);
            check("Kafka", kafka, kafkaAuthenticated, config.security().kafkaSecurityProtocol());
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
