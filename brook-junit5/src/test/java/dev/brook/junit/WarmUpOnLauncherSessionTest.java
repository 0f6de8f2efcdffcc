package dev.brook.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.junit.internal.WarmUpOnLauncherSession;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSessionListener;

/** The warm-up is what JUnit finds, and this run's JVM was prepared by it. */
class WarmUpOnLauncherSessionTest {
    @Test
    void junitFindsTheWarmUpThroughTheServiceFile() {
        assertThat(ServiceLoader.load(LauncherSessionListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(WarmUpOnLauncherSession.class);
    }

    @Test
    void thisRunsJvmGotTheTestDefaultsBeforeAnyBrokerStarted() {
        // Set by the warm-up when Surefire opened its launcher session, and by every broker's start.
        assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
    }
}
