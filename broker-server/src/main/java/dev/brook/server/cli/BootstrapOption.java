package dev.brook.server.cli;

import dev.brook.client.ClientSecurity;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options every client tool shares: {@code --bootstrap-server}, and {@code --command-config},
 * a properties file with the client's security settings (TLS and SASL, by Kafka's names) for a
 * broker that requires them.
 */
final class BootstrapOption {
    static final String DEFAULT = "127.0.0.1:7092";

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", defaultValue = DEFAULT,
            description = "The broker to talk to (default: ${DEFAULT-VALUE}).")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "A properties file of the client's security settings: security.protocol (PLAINTEXT, SSL,"
                    + " SASL_PLAINTEXT, SASL_SSL), ssl.* and sasl.mechanism, sasl.username, sasl.password (or"
                    + " sasl.jaas.config), as in docs/client.md.")
    Path commandConfig;

    /**
     * The security of {@code --command-config}, or plaintext without it.
     *
     * @throws IllegalArgumentException naming the file and the key it cannot use
     */
    ClientSecurity security() throws IOException {
        if (commandConfig == null) {
            return ClientSecurity.PLAINTEXT;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!ClientSecurity.isKey(key)) {
                throw new IllegalArgumentException(commandConfig + ": '" + key + "' is not a security setting "
                        + "(security.protocol, ssl.*, sasl.*); give other client settings as the tool's options");
            }
            settings.put(key, properties.getProperty(key));
        }
        try {
            return ClientSecurity.from(settings).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(commandConfig + ": " + e.getMessage(), e);
        }
    }
}
