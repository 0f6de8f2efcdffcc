package dev.brook.core.internal.coordinator;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the topics out of a classic consumer's member metadata, which Kafka's consumer protocol
 * encodes as a {@code ConsumerProtocolSubscription}. Only the leading fields are read; those are
 * the same in every version (0 to 3), and later fields (user data, owned partitions, generation,
 * rack) are ignored:
 *
 * <pre>
 *  version int16 | topic count int32 | topic count x (length int16 | UTF-8 name) | ...
 * </pre>
 *
 * Thread-safe: stateless.
 */
final class ConsumerProtocolSubscription {
    private ConsumerProtocolSubscription() {
    }

    /** The subscribed topics, or null if the metadata is not a subscription this reader understands. */
    static Set<String> topics(byte[] metadata) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(metadata);
            if (buffer.getShort() < 0) {
                return null;
            }
            int count = buffer.getInt();
            // Each name takes at least its two length bytes: a larger count is not a subscription.
            if (count < 0 || count > buffer.remaining() / 2) {
                return null;
            }
            Set<String> topics = new HashSet<>();
            for (int i = 0; i < count; i++) {
                short length = buffer.getShort();
                if (length < 0) {
                    return null;
                }
                byte[] name = new byte[length];
                buffer.get(name);
                topics.add(new String(name, StandardCharsets.UTF_8));
            }
            return topics;
        } catch (BufferUnderflowException e) {
            return null;
        }
    }
}
