package dev.brook.server.cli;

import picocli.CommandLine.Option;

/** The {@code --bootstrap-server} option every client tool shares. */
final class BootstrapOption {
    static final String DEFAULT = "127.0.0.1:7092";

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", defaultValue = DEFAULT,
            description = "The broker to talk to (default: ${DEFAULT-VALUE}).")
    String bootstrapServer;
}
