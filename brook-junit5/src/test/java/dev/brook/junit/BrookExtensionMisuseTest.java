package dev.brook.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrookExtensionMisuseTest {
    @Test
    void aConfigEntryThatIsNotKeyValueIsRefused() {
        assertThatThrownBy(() -> BrookBroker.start(new String[] {"num.partitions"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
    }

    @Test
    void anUnknownSettingIsRefused() {
        assertThatThrownBy(() -> BrookBroker.start(new String[] {"no.such.setting=1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no.such.setting");
    }
}
