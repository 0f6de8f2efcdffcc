package dev.brook.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderTest {

    @Test
    void comparesValuesByContent() {
        assertThat(new Header("k", "v".getBytes(UTF_8))).isEqualTo(new Header("k", "v".getBytes(UTF_8)))
                .hasSameHashCodeAs(new Header("k", "v".getBytes(UTF_8)));
        assertThat(new Header("k", null)).isEqualTo(new Header("k", null));
        assertThat(new Header("k", null)).isNotEqualTo(new Header("k", new byte[0]));
        assertThat(new Header("k", new byte[] {1})).isNotEqualTo(new Header("K", new byte[] {1}));
    }

    @Test
    void rejectsNullKey() {
        assertThatThrownBy(() -> new Header(null, new byte[0]))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("header key");
    }

    @Test
    void describesNullAndNonNullValues() {
        assertThat(new Header("a", null)).hasToString("Header(a, null)");
        assertThat(new Header("a", new byte[3])).hasToString("Header(a, 3 bytes)");
    }
}
