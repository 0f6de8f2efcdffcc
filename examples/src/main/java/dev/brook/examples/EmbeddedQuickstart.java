package dev.brook.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import dev.brook.core.NewTopic;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's example: an embedded broker, a topic, an append and a read, in a JVM with no
 * network. Takes an optional data directory (default: a new temporary one); its test runs it.
 */
public final class EmbeddedQuickstart {
    private EmbeddedQuickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("brook-quickstart");
        // README example begins
        try (Broker broker = Broker.open(BrokerConfig.builder(dataDir).build())) {
            broker.createTopic(NewTopic.of("greetings", 1));
            ByteBuffer batch = RecordBatchBuilder.allocate(1024)
                    .append(System.currentTimeMillis(), null, "hello".getBytes(UTF_8))
                    .append(System.currentTimeMillis(), null, "brook".getBytes(UTF_8))
                    .build();
            long offset = broker.append("greetings", 0, batch).baseOffset();
            for (Record record : broker.read("greetings", 0, offset, 1 << 20).records()) {
                System.out.println(record.offset() + ": " + UTF_8.decode(record.value()));
            }
        }
        // README example ends
    }
}
