package dev.brook.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a client secures its connection to the broker, with Kafka's setting names:
 *
 * <ul>
 *   <li>{@code security.protocol}: {@code PLAINTEXT} (the default), {@code SSL},
 *       {@code SASL_PLAINTEXT} or {@code SASL_SSL}.
 *   <li>TLS: the truststore that the broker's certificate is checked against
 *       ({@code ssl.truststore.location}, {@code .password}, {@code .type} PKCS12 or JKS; none means
 *       the JDK's default trusted authorities), a keystore for mutual TLS ({@code ssl.keystore.*},
 *       {@code ssl.key.password}), and whether the broker's certificate must name the host
 *       connected to ({@code ssl.endpoint.identification.algorithm}: {@code https}, the default, or
 *       empty to skip the check).
 *   <li>SASL, with a {@code SASL_*} protocol: {@code sasl.mechanism} ({@code SCRAM-SHA-512}, the
 *       default, {@code SCRAM-SHA-256} or {@code PLAIN}), and the user: {@code sasl.username} and
 *       {@code sasl.password}, or Kafka's {@code sasl.jaas.config}
 *       ({@code ... required username="alice" password="...";}) from which those two are read.
 * </ul>
 *
 * <pre>{@code
 * ClientSecurity secure = ClientSecurity.PLAINTEXT.with("security.protocol", "SSL")
 *         .with("ssl.truststore.location", "/etc/brook/truststore.p12")
 *         .with("ssl.truststore.password", "secret")
 *         .withSasl("SCRAM-SHA-512", "alice", "alice-secret");   // now SASL_SSL
 * }</pre>
 *
 * A SASL protocol without a user or password is refused by {@link #validate()}, which the
 * producer, consumer and admin client call when they are created. Over {@code SASL_PLAINTEXT} the
 * user name travels in the clear, and with PLAIN the password too: use {@code SASL_SSL} off a
 * trusted network.
 *
 * <p>Immutable; thread-safe.
 */
public final class ClientSecurity {
    /** The SASL mechanisms Brook's client speaks. */
    public static final List<String> SASL_MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");
    /** The mechanism used when none is set. */
    public static final String DEFAULT_SASL_MECHANISM = "SCRAM-SHA-512";
    private static final Pattern JAAS_OPTION = Pattern.compile("(username|password)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** No TLS and no authentication: the default. */
    public static final ClientSecurity PLAINTEXT = new ClientSecurity();

    private boolean tls;
    private boolean sasl;
    private String truststoreLocation;
    private String truststorePassword;
    private String truststoreType = "PKCS12";
    private String keystoreLocation;
    private String keystorePassword;
    private String keystoreType = "PKCS12";
    private String keyPassword;
    private String endpointIdentificationAlgorithm = "https";
    private String saslMechanism = DEFAULT_SASL_MECHANISM;
    private String saslUsername;
    private String saslPassword;

    private ClientSecurity() {
    }

    private ClientSecurity copy() {
        ClientSecurity copy = new ClientSecurity();
        copy.tls = tls;
        copy.sasl = sasl;
        copy.truststoreLocation = truststoreLocation;
        copy.truststorePassword = truststorePassword;
        copy.truststoreType = truststoreType;
        copy.keystoreLocation = keystoreLocation;
        copy.keystorePassword = keystorePassword;
        copy.keystoreType = keystoreType;
        copy.keyPassword = keyPassword;
        copy.endpointIdentificationAlgorithm = endpointIdentificationAlgorithm;
        copy.saslMechanism = saslMechanism;
        copy.saslUsername = saslUsername;
        copy.saslPassword = saslPassword;
        return copy;
    }

    /** Whether this is one of the keys {@link #with} takes. */
    public static boolean isKey(String key) {
        return key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.");
    }

    /** Reads the keys of {@code settings} that {@link #isKey} accepts, ignoring the others. */
    public static ClientSecurity from(Map<String, String> settings) {
        ClientSecurity security = PLAINTEXT;
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            if (isKey(entry.getKey())) {
                security = security.with(entry.getKey(), entry.getValue());
            }
        }
        return security;
    }

    /**
     * A copy with one setting changed, by its Kafka name.
     *
     * @throws IllegalArgumentException naming the key when it is unknown or its value is invalid
     */
    public ClientSecurity with(String key, String value) {
        Objects.requireNonNull(value, key);
        String v = value.trim();
        ClientSecurity copy = copy();
        switch (key) {
            case "security.protocol" -> {
                String protocol = v.toUpperCase(Locale.ROOT);
                if (!List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
                    throw new IllegalArgumentException("security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or "
                            + "SASL_SSL, not '" + value + "'");
                }
                copy.tls = protocol.endsWith("SSL");
                copy.sasl = protocol.startsWith("SASL_");
            }
            case "ssl.truststore.location" -> copy.truststoreLocation = v;
            case "ssl.truststore.password" -> copy.truststorePassword = value;
            case "ssl.truststore.type" -> copy.truststoreType = storeType(key, v);
            case "ssl.keystore.location" -> copy.keystoreLocation = v;
            case "ssl.keystore.password" -> copy.keystorePassword = value;
            case "ssl.keystore.type" -> copy.keystoreType = storeType(key, v);
            case "ssl.key.password" -> copy.keyPassword = value;
            case "ssl.endpoint.identification.algorithm" -> copy.endpointIdentificationAlgorithm = v;
            case "sasl.mechanism" -> copy.saslMechanism = mechanism(v);
            case "sasl.username" -> copy.saslUsername = v;
            case "sasl.password" -> copy.saslPassword = value;
            case "sasl.jaas.config" -> {
                Matcher option = JAAS_OPTION.matcher(value);
                while (option.find()) {
                    String unquoted = option.group(2).replaceAll("\\\\(.)", "$1");
                    if (option.group(1).equals("username")) {
                        copy.saslUsername = unquoted;
                    } else {
                        copy.saslPassword = unquoted;
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown security setting '" + key + "'");
        }
        return copy;
    }

    /**
     * A copy that authenticates as {@code username} with {@code mechanism}: the protocol becomes
     * {@code SASL_SSL} if TLS was on, else {@code SASL_PLAINTEXT}.
     *
     * @throws IllegalArgumentException when the mechanism is not one of {@link #SASL_MECHANISMS}
     */
    public ClientSecurity withSasl(String mechanism, String username, String password) {
        ClientSecurity copy = copy();
        copy.sasl = true;
        copy.saslMechanism = mechanism(Objects.requireNonNull(mechanism, "mechanism"));
        copy.saslUsername = Objects.requireNonNull(username, "username");
        copy.saslPassword = Objects.requireNonNull(password, "password");
        return copy;
    }

    /**
     * Checks that the settings can be used: a SASL protocol needs a user name and a password.
     *
     * @return this
     * @throws IllegalArgumentException naming what is missing
     */
    public ClientSecurity validate() {
        if (sasl && (saslUsername == null || saslUsername.isEmpty())) {
            throw new IllegalArgumentException("security.protocol " + protocol() + " needs sasl.username (or "
                    + "sasl.jaas.config naming a username)");
        }
        if (sasl && (saslPassword == null || saslPassword.isEmpty())) {
            throw new IllegalArgumentException("security.protocol " + protocol() + " needs sasl.password (or "
                    + "sasl.jaas.config naming a password) for user '" + saslUsername + "'");
        }
        return this;
    }

    private static String mechanism(String value) {
        String mechanism = value.toUpperCase(Locale.ROOT);
        if (!SASL_MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException("sasl.mechanism must be one of " + String.join(", ", SASL_MECHANISMS)
                    + ", not '" + value + "'");
        }
        return mechanism;
    }

    private static String storeType(String key, String value) {
        String type = value.toUpperCase(Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw new IllegalArgumentException(key + " must be PKCS12 or JKS, not '" + value + "'");
        }
        return type;
    }

    /** The {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public String protocol() {
        return sasl ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT");
    }

    /** Whether connections use TLS ({@code SSL} or {@code SASL_SSL}). */
    public boolean tls() {
        return tls;
    }

    /** Whether connections authenticate with SASL ({@code SASL_PLAINTEXT} or {@code SASL_SSL}). */
    public boolean sasl() {
        return sasl;
    }

    public String truststoreLocation() {
        return truststoreLocation;
    }

    public String truststorePassword() {
        return truststorePassword;
    }

    public String truststoreType() {
        return truststoreType;
    }

    public String keystoreLocation() {
        return keystoreLocation;
    }

    public String keystorePassword() {
        return keystorePassword;
    }

    public String keystoreType() {
        return keystoreType;
    }

    public String keyPassword() {
        return keyPassword;
    }

    /** {@code https} (the broker's certificate must name the host) or empty (not checked). */
    public String endpointIdentificationAlgorithm() {
        return endpointIdentificationAlgorithm;
    }

    /** The SASL mechanism: {@code SCRAM-SHA-512} unless set. */
    public String saslMechanism() {
        return saslMechanism;
    }

    public String saslUsername() {
        return saslUsername;
    }

    public String saslPassword() {
        return saslPassword;
    }

    @Override
    public String toString() {
        // Never the passwords.
        return "ClientSecurity[" + protocol() + (truststoreLocation == null ? "" : ", truststore " + truststoreLocation)
                + (keystoreLocation == null ? "" : ", keystore " + keystoreLocation)
                + (sasl ? ", " + saslMechanism + " as '" + saslUsername + "'" : "") + "]";
    }
}
