package dev.brook.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.InvalidRequestException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescribeConfigsResponseTest {

    /** The layout says {@code value string}, not nullable: every key a topic has has a value. */
    @Test
    void aConfigEntryWithANullValueIsRefused() {
        DescribeConfigsResponse response = new DescribeConfigsResponse(List.of(new DescribeConfigsResponse.TopicConfigs(
                "t", ErrorCode.NONE, null, List.of(new DescribeConfigsResponse.ConfigEntry("flush.ms", null, true)))));
        ByteBuffer bytes = response.toByteBuffer();

        Throwable thrown = catchThrowable(() -> Wire.read(bytes, "DescribeConfigs response",
                b -> DescribeConfigsResponse.read(b, (short) 0)));

        assertThat(thrown).isExactlyInstanceOf(InvalidRequestException.class).hasMessageContaining("null");
    }

    @Test
    void anEmptyConfigValueIsNotNull() {
        DescribeConfigsResponse response = new DescribeConfigsResponse(List.of(new DescribeConfigsResponse.TopicConfigs(
                "t", ErrorCode.NONE, null, List.of(new DescribeConfigsResponse.ConfigEntry("k", "", false)))));

        DescribeConfigsResponse decoded = Wire.read(response.toByteBuffer(), "DescribeConfigs response",
                b -> DescribeConfigsResponse.read(b, (short) 0));

        assertThat(decoded).isEqualTo(response);
    }
}
