package dev.brook.core.internal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsumerProtocolSubscriptionTest {
    /** A version 1 subscription: topics, user data, owned partitions (none). */
    private static byte[] subscription(String... topics) {
        ByteBuffer buffer = ByteBuffer.allocate(256).putShort((short) 1).putInt(topics.length);
        for (String topic : topics) {
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            buffer.putShort((short) name.length).put(name);
        }
        buffer.putInt(-1).putInt(0);
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    @Test
    void readsTheTopicsAndIgnoresTheFieldsAfterThem() {
        assertThat(ConsumerProtocolSubscription.topics(subscription("orders", "payments")))
                .containsExactlyInAnyOrder("orders", "payments");
    }

    @Test
    void metadataThatIsNotASubscriptionGivesNull() {
        assertThat(ConsumerProtocolSubscription.topics(new byte[0])).isNull();
        assertThat(ConsumerProtocolSubscription.topics(new byte[] {0, 0, 0, 0, 0, 9, 0})).isNull();
        assertThat(ConsumerProtocolSubscription.topics(new byte[] {-1, 0, 0, 0, 0, 0})).isNull();
    }
}
