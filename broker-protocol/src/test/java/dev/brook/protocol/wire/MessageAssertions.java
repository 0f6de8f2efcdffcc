package dev.brook.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

/** Equality for decoded messages, whose record payloads have no {@code equals} of their own. */
final class MessageAssertions {
    private MessageAssertions() {
    }

    /**
     * Asserts that {@code actual} has the same fields as {@code expected}, all the way down, with
     * record payloads equal when they hold the same bytes.
     */
    static void assertSameMessage(Object actual, Object expected) {
        assertThat(actual)
                .usingRecursiveComparison()
                .withStrictTypeChecking()
                .withEqualsForType(MessageAssertions::sameBytes, RecordsPayload.BufferRecords.class)
                .isEqualTo(expected);
    }

    static boolean sameBytes(RecordsPayload.BufferRecords a, RecordsPayload.BufferRecords b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.buffer().equals(b.buffer());
    }
}
