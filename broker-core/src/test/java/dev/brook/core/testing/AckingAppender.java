package dev.brook.core.testing;

import dev.brook.core.AppendResult;
import dev.brook.core.Broker;
import dev.brook.core.BrokerConfig;
import dev.brook.core.NewTopic;
import dev.brook.core.TopicConfig;
import java.nio.file.Path;

/**
 * A child process for crash tests: appends batches of five records to topic {@code crash} as
 * fast as it can and prints {@code ACK <last offset>} after each append returns, until it is
 * killed or has made {@code MAX_APPENDS} appends.
 *
 * <p>Arguments: the data directory, then the topic's {@code flush.messages}.
 */
public final class AckingAppender {
    static final int MAX_APPENDS = 200_000;

    private AckingAppender() {
    }

    public static void main(String[] args) {
        Broker broker = Broker.open(BrokerConfig.builder(Path.of(args[0])).build());
        if (!broker.topicExists("crash")) {
            broker.createTopic(NewTopic.of("crash", 1)
                    .withConfig(TopicConfig.FLUSH_MESSAGES, args[1])
                    .withConfig(TopicConfig.SEGMENT_BYTES, "65536"));
        }
        long next = broker.logEndOffset("crash", 0);
        for (int i = 0; i < MAX_APPENDS; i++) {
            AppendResult result = broker.append("crash", 0, TestBatches.batch(next, "seq" + next, 5));
            next = result.lastOffset() + 1;
            System.out.println("ACK " + result.lastOffset());
            System.out.flush();
        }
        broker.close();
    }
}
