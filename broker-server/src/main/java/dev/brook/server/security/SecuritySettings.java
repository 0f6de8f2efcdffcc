package dev.brook.server.security;

import io.netty.handler.ssl.ClientAuth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The security settings of the two listeners, by Kafka's names: {@code ssl.*} and
 * {@code sasl.enabled.mechanisms} for Brook's own listener and the same keys prefixed
 * {@code kafka.} for the Kafka listener. Each listener's security protocol follows from them:
 * PLAINTEXT, SSL ({@code ssl.enabled}), SASL_PLAINTEXT (mechanisms set) or SASL_SSL (both).
 *
 * <p>Immutable; thread-safe.
 */
public final class SecuritySettings {
    /** The prefix of the Kafka listener's keys. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** The SASL mechanisms of Brook's listener; {@link #KAFKA_SASL_MECHANISMS} for the Kafka listener's. */
    public static final String SASL_MECHANISMS = "sasl.enabled.mechanisms";
    public static final String KAFKA_SASL_MECHANISMS = KAFKA_PREFIX + SASL_MECHANISMS;
    /** The SASL mechanisms Brook can serve. */
    public static final Set<String> SUPPORTED_MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    static final String NONE = "(none)";

    /** One key: its name, the default shown in docs/configuration.md, and what it means. */
    public record Key(String name, String defaultValue, String documentation) {
    }

    private static final List<Key> KEYS = new ArrayList<>();

    static {
        for (String prefix : List.of("", KAFKA_PREFIX)) {
            String listener = prefix.isEmpty() ? "Brook's protocol listener" : "the Kafka listener";
            KEYS.add(new Key(prefix + "ssl.enabled", "false", "Whether " + listener + " speaks TLS only."));
            KEYS.add(new Key(prefix + "ssl.keystore.location", NONE, "The keystore with " + listener
                    + "'s private key and certificate."));
            KEYS.add(new Key(prefix + "ssl.keystore.password", NONE, "The password of " + prefix
                    + "ssl.keystore.location."));
            KEYS.add(new Key(prefix + "ssl.keystore.type", "PKCS12", "PKCS12 or JKS."));
            KEYS.add(new Key(prefix + "ssl.key.password", NONE, "The password of the private key (default: the "
                    + "keystore's), or of an encrypted PEM key."));
            KEYS.add(new Key(prefix + "ssl.keystore.certificate.chain", NONE, "Instead of a keystore: the PEM "
                    + "certificate chain, as a file or the PEM text itself."));
            KEYS.add(new Key(prefix + "ssl.keystore.key", NONE, "With " + prefix + "ssl.keystore.certificate.chain: "
                    + "the PEM private key (PKCS#8), as a file or the PEM text itself."));
            KEYS.add(new Key(prefix + "ssl.truststore.location", NONE, "The truststore that client certificates "
                    + "are checked against."));
            KEYS.add(new Key(prefix + "ssl.truststore.password", NONE, "The password of " + prefix
                    + "ssl.truststore.location."));
            KEYS.add(new Key(prefix + "ssl.truststore.type", "PKCS12", "PKCS12 or JKS."));
            KEYS.add(new Key(prefix + "ssl.truststore.certificates", NONE, "Instead of a truststore: trusted PEM "
                    + "certificates, as a file or the PEM text itself."));
            KEYS.add(new Key(prefix + "ssl.client.auth", "none", "none, requested or required: whether "
                    + listener + " asks clients for a certificate (mutual TLS)."));
            KEYS.add(new Key(prefix + "ssl.enabled.protocols", "TLSv1.3,TLSv1.2", "The TLS versions accepted."));
        }
        for (String prefix : List.of("", KAFKA_PREFIX)) {
            String listener = prefix.isEmpty() ? "Brook's protocol listener" : "the Kafka listener";
            KEYS.add(new Key(prefix + SASL_MECHANISMS, NONE, "SASL mechanisms " + listener + " requires clients "
                    + "to authenticate with (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), against the users in "
                    + "<data.dir>/users.properties; empty: no authentication."));
        }
    }

    private final TlsSettings brookTls;
    private final TlsSettings kafkaTls;
    private final List<String> brookSaslMechanisms;
    private final List<String> kafkaSaslMechanisms;

    private SecuritySettings(TlsSettings brookTls, TlsSettings kafkaTls, List<String> brookSaslMechanisms,
            List<String> kafkaSaslMechanisms) {
        this.brookTls = brookTls;
        this.kafkaTls = kafkaTls;
        this.brookSaslMechanisms = brookSaslMechanisms;
        this.kafkaSaslMechanisms = kafkaSaslMechanisms;
    }

    /** The keys, in documentation order. */
    public static List<Key> keys() {
        return KEYS;
    }

    /** Whether {@code key} is one of these settings. */
    public static boolean isKey(String key) {
        return KEYS.stream().anyMatch(k -> k.name().equals(key));
    }

    /**
     * Reads the settings given (the rest take their defaults).
     *
     * @throws IllegalArgumentException naming the key of a bad or missing value
     */
    public static SecuritySettings from(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!isKey(key)) {
                throw new IllegalArgumentException("unknown security setting " + key);
            }
        }
        return new SecuritySettings(tls("", values), tls(KAFKA_PREFIX, values), mechanisms(SASL_MECHANISMS, values),
                mechanisms(KAFKA_SASL_MECHANISMS, values));
    }

    private static List<String> mechanisms(String key, Map<String, String> values) {
        List<String> mechanisms = new ArrayList<>(new LinkedHashSet<>(split(values.get(key))));
        for (int i = 0; i < mechanisms.size(); i++) {
            String mechanism = mechanisms.get(i).toUpperCase(Locale.ROOT);
            if (!SUPPORTED_MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException(key + ": unsupported mechanism '" + mechanisms.get(i)
                        + "' (Brook has PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512)");
            }
            mechanisms.set(i, mechanism);
        }
        return List.copyOf(mechanisms);
    }

    private static TlsSettings tls(String prefix, Map<String, String> values) {
        String enabled = values.getOrDefault(prefix + "ssl.enabled", "false").trim();
        if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(prefix + "ssl.enabled must be true or false");
        }
        if (!Boolean.parseBoolean(enabled)) {
            return null;
        }
        ClientAuth clientAuth = TlsSettings.parseClientAuth(prefix + "ssl.client.auth",
                values.getOrDefault(prefix + "ssl.client.auth", "none"));
        List<String> protocols = split(values.getOrDefault(prefix + "ssl.enabled.protocols", "TLSv1.3,TLSv1.2"));
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException(prefix + "ssl.enabled.protocols must name at least one TLS version");
        }
        TlsSettings tls = new TlsSettings(prefix, values.get(prefix + "ssl.keystore.location"),
                values.get(prefix + "ssl.keystore.password"),
                storeType(prefix + "ssl.keystore.type", values.getOrDefault(prefix + "ssl.keystore.type", "PKCS12")),
                values.get(prefix + "ssl.key.password"), values.get(prefix + "ssl.keystore.certificate.chain"),
                values.get(prefix + "ssl.keystore.key"), values.get(prefix + "ssl.truststore.location"),
                values.get(prefix + "ssl.truststore.password"),
                storeType(prefix + "ssl.truststore.type", values.getOrDefault(prefix + "ssl.truststore.type", "PKCS12")),
                values.get(prefix + "ssl.truststore.certificates"), clientAuth, protocols);
        tls.validate();
        return tls;
    }

    private static String storeType(String key, String value) {
        String type = value.trim().toUpperCase(Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw new IllegalArgumentException(key + " must be PKCS12 or JKS, not '" + value + "'");
        }
        return type;
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** TLS on Brook's own listener, or null for plaintext. */
    public TlsSettings brookTls() {
        return brookTls;
    }

    /** TLS on the Kafka listener, or null for plaintext. */
    public TlsSettings kafkaTls() {
        return kafkaTls;
    }

    /** The SASL mechanisms Brook's listener requires; empty when it does not authenticate. */
    public List<String> brookSaslMechanisms() {
        return brookSaslMechanisms;
    }

    /** The SASL mechanisms the Kafka listener requires; empty when it does not authenticate. */
    public List<String> kafkaSaslMechanisms() {
        return kafkaSaslMechanisms;
    }

    /** Brook's listener's security protocol, by Kafka's names: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public String brookSecurityProtocol() {
        return securityProtocol(brookTls, brookSaslMechanisms);
    }

    /** The Kafka listener's security protocol as Kafka names it: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public String kafkaSecurityProtocol() {
        return securityProtocol(kafkaTls, kafkaSaslMechanisms);
    }

    private static String securityProtocol(TlsSettings tls, List<String> mechanisms) {
        boolean sasl = !mechanisms.isEmpty();
        return tls == null ? (sasl ? "SASL_PLAINTEXT" : "PLAINTEXT") : (sasl ? "SASL_SSL" : "SSL");
    }

    /** Whether a listener with {@code tls} and SASL {@code mechanisms} knows who its clients are. */
    public static boolean authenticates(TlsSettings tls, List<String> mechanisms) {
        return !mechanisms.isEmpty() || (tls != null && tls.clientAuth() == ClientAuth.REQUIRE);
    }
}
