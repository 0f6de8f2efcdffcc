package dev.brook.server.cli;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brook server}: starts a broker and runs until SIGTERM or Ctrl-C, then stops accepting
 * connections, answers the requests in flight, syncs the logs and writes the clean-shutdown
 * checkpoint, so that the next start skips recovery.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start a broker and run until stopped (SIGTERM or Ctrl-C).")
final class ServerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Java properties file of settings (see docs/configuration.md).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where topics and logs are stored (default: brook-data).")
    Path dataDir;

    @Option(names = "--host", paramLabel = "HOST", description = "The address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The port to listen on (default: 7092; 0 picks a free one).")
    Integer port;

    /**
     * Parses {@code server} followed only by its value options ({@code --port 7092} or
     * {@code --port=7092}) without picocli, whose model of every command costs a few hundred
     * milliseconds of reflection at start (and whose classes, compiled for Java 5, cannot go into
     * the class-data archive). Returns null for anything else (help, a mistake, a value that does
     * not parse), which picocli then handles as always.
     */
    static ServerCommand parseSimple(String... args) {
        if (args.length == 0 || !args[0].equals("server")) {
            return null;
        }
        ServerCommand command = new ServerCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            } else {
                return null;
            }
            if (value.isEmpty() || !seen.add(name)) {
                return null; // picocli says what is wrong
            }
            switch (name) {
                case "--config" -> command.configFile = Path.of(value);
                case "--data-dir" -> command.dataDir = Path.of(value);
                case "--host" -> command.host = value;
                case "--port" -> {
                    try {
                        command.port = Integer.valueOf(value);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return command;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig.Builder builder = configFile == null ? ServerConfig.builder() : readConfig(configFile);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (host != null) {
            builder.host(host);
        }
        if (port != null) {
            builder.port(port);
        }
        ServerConfig config = builder.build();
        BrookServer server = BrookServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: finishing requests in flight and syncing the logs");
            server.close();
            stopped.countDown();
        }, "brook-shutdown"));
        System.out.println("Brook is listening on " + server.host() + ":" + server.port() + " with data in "
                + config.dataDir().toAbsolutePath() + " (Ctrl-C stops it)");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static ServerConfig.Builder readConfig(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        List<String> unknown = new ArrayList<>();
        ServerConfig.Builder builder;
        try {
            builder = ServerConfig.fromProperties(properties, unknown);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        for (String key : unknown) {
            log.warn("{}: ignoring unknown setting '{}'", file, key);
        }
        return builder;
    }
}
