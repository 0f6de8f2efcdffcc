package dev.brook.server.cli;

import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code brook server}: opens a broker on a data directory and runs until SIGTERM or Ctrl-C, then
 * shuts down cleanly (flush, clean-shutdown checkpoint) so that the next start skips recovery.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start a broker and run until stopped (SIGTERM or Ctrl-C).")
final class ServerCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "brook-data",
            description = "Where topics and logs are stored (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public void run() {
        Broker broker = Broker.open(BrokerConfig.builder(dataDir).build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            broker.close();
            stopped.countDown();
        }, "brook-shutdown"));
        log.info("Brook storage engine running; data in {}; topics: {}", dataDir.toAbsolutePath(), broker.listTopics());
        log.info("this build has no network listener yet: embed dev.brook.core.Broker to use it; Ctrl-C stops");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
