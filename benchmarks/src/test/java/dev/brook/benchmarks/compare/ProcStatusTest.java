package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    private static final String STATUS = """
            Name:	java
            VmPeak:	 7012345 kB
            VmHWM:	  482312 kB
            VmRSS:	  470000 kB
            Threads:	42
            """;

    @Test
    void readsThePeakResidentSetInKib() {
        assertThat(ProcStatus.vmHwmKib(STATUS, "test")).isEqualTo(482_312);
    }

    @Test
    void aStatusWithoutVmHwmIsRefusedNamingItsSource() {
        assertThatThrownBy(() -> ProcStatus.vmHwmKib("Name:\tjava\n", "/proc/1/status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/proc/1/status");
    }

    @Test
    void aVmHwmInAnotherUnitIsRefused() {
        assertThatThrownBy(() -> ProcStatus.vmHwmKib("VmHWM:\t 12 MB\n", "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmHWM");
    }

    @Test
    void readsThisProcessOnLinux() throws IOException {
        assertThat(ProcStatus.vmHwmKib(ProcessHandle.current().pid())).isPositive();
    }
}
