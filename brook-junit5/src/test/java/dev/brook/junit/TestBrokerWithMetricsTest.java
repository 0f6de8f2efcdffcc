package dev.brook.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.NetworkTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The extension's defaults give way to the test's config: HTTP, metrics and the Kafka warm-up on,
 * and the transport chosen by the server's own default.
 */
@BrookTest(config = {"http.enabled=true", "metrics.enabled=true", "kafka.warmup=true", "network.transport=auto"})
class TestBrokerWithMetricsTest {
    @Test
    void servesMetricsOverHttpWhenTheTestAsks(BrookBroker brook) throws Exception {
        assertThat(brook.server().config().kafkaWarmup()).isTrue();
        assertThat(brook.server().config().networkTransport()).isEqualTo(NetworkTransport.AUTO);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + brook.server().httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("brook_info");
        assertThat(brook.server().meterRegistry().find("brook.connections").gauges()).isNotEmpty();
    }
}
