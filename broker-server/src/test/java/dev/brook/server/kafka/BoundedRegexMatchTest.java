package dev.brook.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BoundedRegexMatchTest {
    @Test
    void ordinaryPatternsMatchAsJavasRegexDoes() {
        assertThat(BoundedRegexMatch.matches(Pattern.compile("orders-.*"), "orders-eu")).isTrue();
        assertThat(BoundedRegexMatch.matches(Pattern.compile("orders-.*"), "refunds")).isFalse();
        assertThat(BoundedRegexMatch.matches(Pattern.compile("(a|b)+c?"), "abba")).isTrue();
        assertThat(BoundedRegexMatch.matches(Pattern.compile("[a-z]+\\.v(\\d+)"), "payments.v12")).isTrue();
        String longest = "t".repeat(249);
        assertThat(BoundedRegexMatch.matches(Pattern.compile(".*t.*t.*"), longest)).isTrue();
    }

    @Test
    @Timeout(60)
    void aCatastrophicallyBacktrackingPatternStopsAtItsBudgetNamingTheTopic() {
        // Unbounded, this takes far longer than the test's timeout on a 36-character name.
        Pattern pattern = Pattern.compile("(.*a){14}b");
        String name = "a".repeat(36);

        assertThatThrownBy(() -> BoundedRegexMatch.matches(pattern, name))
                .isInstanceOf(BoundedRegexMatch.TooCostlyException.class)
                .hasMessageContaining(name).hasMessageContaining("simpler pattern");
    }
}
