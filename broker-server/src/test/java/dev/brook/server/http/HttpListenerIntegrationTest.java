package dev.brook.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.server.BrookServer;
import dev.brook.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP listener's routes over a real socket on 127.0.0.1. */
class HttpListenerIntegrationTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyAnswers503UntilTheBrokerIsLoadedAndItsListenersAccept() throws Exception {
        try (HttpListener http = HttpListener.start("127.0.0.1", 0)) {
            HttpResponse<String> loading = get(http.port(), "/ready");
            assertThat(loading.statusCode()).isEqualTo(503);
            assertThat(loading.body()).contains("\"status\":\"NOT_READY\"").contains("loading");
            assertThat(get(http.port(), "/metrics").statusCode()).isEqualTo(503);
            assertThat(get(http.port(), "/health").statusCode()).isEqualTo(200);

            AtomicReference<String> reason = new AtomicReference<>("listeners not bound yet");
            http.attach(new HttpEndpoints() {
                @Override
                public String metrics() {
                    return "# nothing\n";
                }

                @Override
                public String notReadyReason() {
                    return reason.get();
                }
            });
            assertThat(get(http.port(), "/ready").statusCode()).isEqualTo(503);

            reason.set(null);

            HttpResponse<String> ready = get(http.port(), "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualToIgnoringWhitespace("{\"status\":\"READY\"}");
            assertThat(get(http.port(), "/metrics").body()).isEqualTo("# nothing\n");
        }
    }

    @Test
    void aStartedServerIsHealthyAndReadyAndUnknownPathsAre404() throws Exception {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build())) {
            HttpResponse<String> health = get(server.httpPort(), "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualToIgnoringWhitespace("{\"status\":\"UP\"}");
            assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(get(server.httpPort(), "/ready").statusCode()).isEqualTo(200);
            assertThat(get(server.httpPort(), "/nowhere").statusCode()).isEqualTo(404);
            HttpResponse<String> metrics = get(server.httpPort(), "/metrics");
            assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        }
    }

    @Test
    void theListenerIsNotStartedWhenDisabled() {
        try (BrookServer server = BrookServer.start(ServerConfig.builder().port(0).httpEnabled(false).dataDir(dataDir)
                .build())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(server::httpPort)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("http.enabled=false");
        }
    }
}
