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
}
