package dev.brook.server.kafka;

import java.util.regex.Pattern;

/**
 * Matches a client's regular expression against topic names within a budget of character reads.
 * Java's regex engine backtracks, so a pattern such as {@code (.*a){14}b} takes seconds on a
 * 30-character name, and a match cannot be interrupted: on the shared I/O threads two such
 * heartbeats would stop the broker. Kafka avoids this with RE2/J, which matches in linear time;
 * here each name is read through a {@link CharSequence} that counts the engine's reads and ends the
 * match with {@link TooCostlyException} past {@value #READS_PER_NAME} per name, far more than any
 * ordinary pattern needs on a topic name (at most 249 characters).
 *
 * <p>Stateless; thread-safe.
 */
final class BoundedRegexMatch {
    static final long READS_PER_NAME = 1_000_000;

    private BoundedRegexMatch() {
    }

    /** Whether {@code pattern} matches all of {@code name}. @throws TooCostlyException past the budget */
    static boolean matches(Pattern pattern, String name) {
        return pattern.matcher(new CountedChars(name, READS_PER_NAME)).matches();
    }

    /** The pattern needed more than the budget of reads on one name. */
    static final class TooCostlyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooCostlyException(String name) {
            super("matching the topic regex against '" + name + "' took more than " + READS_PER_NAME
                    + " steps; use a simpler pattern", null, false, false);
        }
    }

    /** A name whose every character read counts against the budget. */
    private static final class CountedChars implements CharSequence {
        private final String name;
        private final int start;
        private final int end;
        private final long[] budget;

        CountedChars(String name, long reads) {
            this(name, 0, name.length(), new long[] {reads});
        }

        private CountedChars(String name, int start, int end, long[] budget) {
            this.name = name;
            this.start = start;
            this.end = end;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new TooCostlyException(name);
            }
            return name.charAt(start + index);
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new CountedChars(name, start + from, start + to, budget);
        }

        @Override
        public String toString() {
            return name.substring(start, end);
        }
    }
}
