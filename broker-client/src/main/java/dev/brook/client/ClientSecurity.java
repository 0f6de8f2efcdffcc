package dev.brook.client;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a client secures its connection to the broker, with Kafka's setting names: the
 * {@code security.protocol} (PLAINTEXT or SSL), the truststore that the broker's certificate is
 * checked against ({@code ssl.truststore.location}, {@code .password}, {@code .type} PKCS12 or
 * JKS; none means the JDK's default trusted authorities), a keystore for mutual TLS
 * ({@code ssl.keystore.*}, {@code ssl.key.password}), and whether the broker's certificate must
 * name the host connected to ({@code ssl.endpoint.identification.algorithm}: {@code https}, the
 * default, or empty to skip the check).
 *
 * <pre>{@code
 * ClientSecurity tls = ClientSecurity.PLAINTEXT.with("security.protocol", "SSL")
 *         .with("ssl.truststore.location", "/etc/brook/truststore.p12")
 *         .with("ssl.truststore.password", "secret");
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 */
public final class ClientSecurity {
    /** No TLS: the default. */
    public static final ClientSecurity PLAINTEXT = new ClientSecurity(false, null, null, "PKCS12", null, null,
            "PKCS12", null, "https");

    private final boolean tls;
    private final String truststoreLocation;
    private final String truststorePassword;
    private final String truststoreType;
    private final String keystoreLocation;
    private final String keystorePassword;
    private final String keystoreType;
    private final String keyPassword;
    private final String endpointIdentificationAlgorithm;

    private ClientSecurity(boolean tls, String truststoreLocation, String truststorePassword, String truststoreType,
            String keystoreLocation, String keystorePassword, String keystoreType, String keyPassword,
            String endpointIdentificationAlgorithm) {
        this.tls = tls;
        this.truststoreLocation = truststoreLocation;
        this.truststorePassword = truststorePassword;
        this.truststoreType = truststoreType;
        this.keystoreLocation = keystoreLocation;
        this.keystorePassword = keystorePassword;
        this.keystoreType = keystoreType;
        this.keyPassword = keyPassword;
        this.endpointIdentificationAlgorithm = endpointIdentificationAlgorithm;
    }

    /** Whether this is one of the keys {@link #with} takes. */
    public static boolean isKey(String key) {
        return key.equals("security.protocol") || key.startsWith("ssl.");
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
        switch (key) {
            case "security.protocol":
                switch (v.toUpperCase(Locale.ROOT)) {
                    case "PLAINTEXT":
                        return copy(false, truststoreLocation, truststorePassword, truststoreType, keystoreLocation,
                                keystorePassword, keystoreType, keyPassword, endpointIdentificationAlgorithm);
                    case "SSL":
                        return copy(true, truststoreLocation, truststorePassword, truststoreType, keystoreLocation,
                                keystorePassword, keystoreType, keyPassword, endpointIdentificationAlgorithm);
                    default:
                        throw new IllegalArgumentException("security.protocol must be PLAINTEXT or SSL for Brook's "
                                + "protocol, not '" + value + "'");
                }
            case "ssl.truststore.location":
                return copy(tls, v, truststorePassword, truststoreType, keystoreLocation, keystorePassword,
                        keystoreType, keyPassword, endpointIdentificationAlgorithm);
            case "ssl.truststore.password":
                return copy(tls, truststoreLocation, value, truststoreType, keystoreLocation, keystorePassword,
                        keystoreType, keyPassword, endpointIdentificationAlgorithm);
            case "ssl.truststore.type":
                return copy(tls, truststoreLocation, truststorePassword, storeType(key, v), keystoreLocation,
                        keystorePassword, keystoreType, keyPassword, endpointIdentificationAlgorithm);
            case "ssl.keystore.location":
                return copy(tls, truststoreLocation, truststorePassword, truststoreType, v, keystorePassword,
                        keystoreType, keyPassword, endpointIdentificationAlgorithm);
            case "ssl.keystore.password":
                return copy(tls, truststoreLocation, truststorePassword, truststoreType, keystoreLocation, value,
                        keystoreType, keyPassword, endpointIdentificationAlgorithm);
            case "ssl.keystore.type":
                return copy(tls, truststoreLocation, truststorePassword, truststoreType, keystoreLocation,
                        keystorePassword, storeType(key, v), keyPassword, endpointIdentificationAlgorithm);
            case "ssl.key.password":
                return copy(tls, truststoreLocation, truststorePassword, truststoreType, keystoreLocation,
                        keystorePassword, keystoreType, value, endpointIdentificationAlgorithm);
            case "ssl.endpoint.identification.algorithm":
                return copy(tls, truststoreLocation, truststorePassword, truststoreType, keystoreLocation,
                        keystorePassword, keystoreType, keyPassword, v);
            default:
                throw new IllegalArgumentException("unknown security setting '" + key + "'");
        }
    }

    private ClientSecurity copy(boolean tls, String truststoreLocation, String truststorePassword,
            String truststoreType, String keystoreLocation, String keystorePassword, String keystoreType,
            String keyPassword, String endpointIdentificationAlgorithm) {
        return new ClientSecurity(tls, truststoreLocation, truststorePassword, truststoreType, keystoreLocation,
                keystorePassword, keystoreType, keyPassword, endpointIdentificationAlgorithm);
    }

    private static String storeType(String key, String value) {
        String type = value.toUpperCase(Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw new IllegalArgumentException(key + " must be PKCS12 or JKS, not '" + value + "'");
        }
        return type;
    }

    /** Whether connections use TLS ({@code security.protocol=SSL}). */
    public boolean tls() {
        return tls;
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

    @Override
    public String toString() {
        // Never the passwords.
        return "ClientSecurity[" + (tls ? "SSL" : "PLAINTEXT") + (truststoreLocation == null ? ""
                : ", truststore " + truststoreLocation) + (keystoreLocation == null ? "" : ", keystore "
                + keystoreLocation) + "]";
    }
}
