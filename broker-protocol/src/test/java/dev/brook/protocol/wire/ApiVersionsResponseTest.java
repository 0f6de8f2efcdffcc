package dev.brook.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ApiVersionsResponseTest {

    @Test
    void currentListsEveryApiKeyWithItsVersionRangeOnce() {
        ApiVersionsResponse response = ApiVersionsResponse.current(104_857_600);

        assertThat(response.apis()).containsExactlyInAnyOrderElementsOf(Arrays.stream(ApiKey.values())
                .map(key -> new ApiVersionsResponse.ApiVersion(key.id(), key.oldestVersion(), key.latestVersion()))
                .toList());
    }

    @Test
    void currentCarriesTheFrameLimitItIsGiven() {
        assertThat(ApiVersionsResponse.current(104_857_600).maxRequestBytes()).isEqualTo(104_857_600);
        assertThat(ApiVersionsResponse.current(1_024).maxRequestBytes()).isEqualTo(1_024);
    }
}
