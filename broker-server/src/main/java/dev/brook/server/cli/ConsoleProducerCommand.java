package dev.brook.server.cli;

import dev.brook.client.producer.Producer;
import dev.brook.client.producer.ProducerConfig;
import dev.brook.client.producer.ProducerRecord;
import dev.brook.client.producer.RecordMetadata;
import dev.brook.client.serialization.Serdes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brook console-producer}: one record per line of standard input, as Kafka's
 * {@code kafka-console-producer.sh}. With {@code --property parse.key=true}, the text before
 * {@code key.separator} (default a tab) is the key.
 */
@Command(name = "console-producer", mixinStandardHelpOptions = true,
        description = "Send one record per line of standard input.")
final class ConsoleProducerCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the records read so far to be sent. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    @Mixin
    BootstrapOption bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to send to.")
    String topic;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "parse.key=true|false, key.separator=SEP (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "A producer setting (repeatable).")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        boolean parseKey = Boolean.parseBoolean(properties.getOrDefault("parse.key", "false"));
        String separator = properties.getOrDefault("key.separator", "\t");
        ProducerConfig.Builder<String, String> builder = ProducerConfig
                .builder(Serdes.stringSerializer(), Serdes.stringSerializer())
                .bootstrapServer(bootstrap.bootstrapServer).security(bootstrap.security()).clientId("console-producer");
        producerProperties.forEach(builder::set);
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<String, String> producer = new Producer<>(builder.build());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            // Ctrl-C while reading: what was typed and is still waiting for linger.ms goes out first,
            // as with Kafka's tool.
            Thread sendBuffered = new SendOnStop(producer);
            Runtime.getRuntime().addShutdownHook(sendBuffered);
            String line;
            while ((line = in.readLine()) != null) {
                String key = null;
                String value = line;
                if (parseKey) {
                    int at = line.indexOf(separator);
                    if (at < 0) {
                        throw new IllegalArgumentException("no key separator '" + separator + "' in line: " + line);
                    }
                    key = line.substring(0, at);
                    value = line.substring(at + separator.length());
                }
                sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
                if (sent.size() >= 10_000) {
                    awaitAll(sent);
                }
            }
            producer.flush();
            awaitAll(sent);
            try {
                Runtime.getRuntime().removeShutdownHook(sendBuffered);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already stopping.
            }
        }
        return 0;
    }

    /**
     * The shutdown hook. A class of its own rather than a lambda: picocli reads this command's
     * declared methods when any command starts, and a lambda's method taking the producer would
     * load the client for every command, the broker's included.
     */
    private static final class SendOnStop extends Thread {
        private final Producer<String, String> producer;

        SendOnStop(Producer<String, String> producer) {
            super("console-producer-stop");
            this.producer = producer;
        }

        @Override
        public void run() {
            producer.close(STOP_WAIT);
        }
    }

    private static void awaitAll(List<CompletableFuture<RecordMetadata>> sent) throws Exception {
        for (CompletableFuture<RecordMetadata> future : sent) {
            Futures.await(future);
        }
        sent.clear();
    }
}
