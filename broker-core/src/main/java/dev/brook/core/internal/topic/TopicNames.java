package dev.brook.core.internal.topic;

import dev.brook.protocol.errors.InvalidTopicException;

/**
 * Apache Kafka's rules for topic names: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, and not
 * {@code .} or {@code ..}. Names that differ only by {@code .} versus {@code _} collide, as in Kafka,
 * since metric names cannot tell them apart. Stateless and thread-safe.
 */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** @throws InvalidTopicException naming the rule the name breaks */
    public static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidTopicException("topic name is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidTopicException("topic name cannot be '.' or '..'");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidTopicException("topic name is " + name.length() + " characters long; the limit is "
                    + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                throw new InvalidTopicException("topic name '" + name + "' contains the illegal character '" + c
                        + "'; legal characters are ASCII letters, digits, '.', '_' and '-'");
            }
        }
    }

    /** The name with every {@code .} made {@code _}: two names collide when these are equal. */
    public static String collisionKey(String name) {
        return name.replace('.', '_');
    }
}
