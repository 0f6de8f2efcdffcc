package dev.brook.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadyTimeTest {
    private static final Pattern MILLIS = Pattern.compile("in (\\d+) ms since the (JVM was launched|process started)");

    @AfterEach
    void clear() {
        System.clearProperty(BrookServer.LAUNCH_MILLIS_PROPERTY);
    }

    @Test
    void theLaunchMomentBinBrookPassesIsCountedFromRatherThanTheProcessStart() {
        System.setProperty(BrookServer.LAUNCH_MILLIS_PROPERTY, String.valueOf(System.currentTimeMillis() - 1_500));

        Matcher matcher = MILLIS.matcher(BrookServer.sinceProcessStart());

        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group(2)).isEqualTo("JVM was launched");
        assertThat(Long.parseLong(matcher.group(1))).isBetween(1_500L, 60_000L);
    }

    @Test
    void withoutItOrWithAMalformedOneTheProcessStartIsUsed() {
        System.setProperty(BrookServer.LAUNCH_MILLIS_PROPERTY, "soon");

        assertThat(BrookServer.sinceProcessStart()).contains("since the process started");
    }

    @Test
    void everyStartReportsItsOwnDurationAndOnlyTheFirstOfAJvmTheProcessAge() {
        String first = BrookServer.readiness(System.nanoTime() - 40_000_000L);
        String later = BrookServer.readiness(System.nanoTime() - 7_000_000L);

        // Another test of this JVM may have started a server first: then both are "later" ones.
        if (first.contains("ready")) {
            assertThat(first).matches("started in \\d+ ms; ready in \\d+ ms since the (JVM was launched|process started)");
            assertThat(Long.parseLong(first.replaceAll("started in (\\d+) ms.*", "$1"))).isBetween(40L, 60_000L);
        }
        assertThat(later).matches("started in \\d+ ms");
        assertThat(Long.parseLong(later.replaceAll("started in (\\d+) ms", "$1"))).isBetween(7L, 60_000L);
    }
}
