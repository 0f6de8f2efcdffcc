package dev.brook.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brook.core.NewTopic;
import dev.brook.protocol.record.RecordBatchBuilder;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.FetchRequest;
import dev.brook.server.BrookServer;
import dev.brook.server.testing.NativeClient;
import dev.brook.server.testing.TestCertificates;
import io.micrometer.core.instrument.Timer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch responses on a TLS connection, where log regions must be copied to be encrypted: read
 * chunk by chunk as the client reads, and a region that can no longer be read closes the
 * connection rather than leaving it out of frame.
 */
class TlsFetchIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void aFetchResponseWhoseSegmentWasDeletedClosesTheConnectionRatherThanLeavingItOutOfFrame() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        try (BrookServer server = BrookServer.start(certs.tlsOnlyServer(dir.resolve("data")))) {
            server.broker().createTopic(NewTopic.of("idle", 1));
            server.broker().createTopic(NewTopic.of("data", 1).withConfig("file.delete.delay.ms", "0"));
            server.broker().append("data", 0, RecordBatchBuilder.allocate(4096)
                    .append(0, null, "hello".getBytes(StandardCharsets.UTF_8)).build());
            try (SSLSocket socket = tlsSocket(certs, server.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                // A waits 3 s for data that does not come; B's answer, a region of "data"'s log,
                // is ready at once but goes out after A's (answers go in request order).
                out.write(NativeClient.frame(ApiKey.FETCH, new FetchRequest(3000, 1, 1 << 20, List.of(
                        new FetchRequest.TopicData("idle", List.of(new FetchRequest.PartitionData(0, 0, 1 << 20))))), 1));
                out.write(NativeClient.frame(ApiKey.FETCH, new FetchRequest(0, 0, 1 << 20, List.of(
                        new FetchRequest.TopicData("data", List.of(new FetchRequest.PartitionData(0, 0, 1 << 20))))), 2));
                out.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> server.meterRegistry().find("brook.request.latency")
                        .tag("api", "Fetch").timers().stream().mapToLong(Timer::count).sum() >= 1);
                // While B's answer waits, its topic is deleted: its segment's file closes at once.
                server.broker().deleteTopic("data");

                int sizeOfA = in.readInt();
                in.readFully(new byte[sizeOfA]);
                // B's size prefix and header may be out already; its records cannot follow. The
                // connection must close, not leave the client waiting for bytes that never come.
                assertThatThrownBy(() -> {
                    int sizeOfB = in.readInt();
                    in.readFully(new byte[sizeOfB]);
                }).isInstanceOfAny(EOFException.class, SocketException.class);
            }
        }
    }

    @Test
    void aLargeFetchResponseArrivesWholeAndInOrder() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "broker");
        try (BrookServer server = BrookServer.start(certs.tlsOnlyServer(dir.resolve("data")))) {
            server.broker().createTopic(NewTopic.of("big", 1));
            byte[] value = new byte[512 * 1024];
            for (int i = 0; i < 6; i++) {
                server.broker().append("big", 0, RecordBatchBuilder.allocate(value.length + 128)
                        .append(0, null, value).build());
            }
            try (SSLSocket socket = tlsSocket(certs, server.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                for (int correlation = 1; correlation <= 3; correlation++) {
                    out.write(NativeClient.frame(ApiKey.FETCH, new FetchRequest(0, 0, 8 << 20, List.of(
                            new FetchRequest.TopicData("big", List.of(new FetchRequest.PartitionData(0, 0, 8 << 20))))),
                            correlation));
                }
                out.flush();

                // Three answers of over 3 MiB each, whole, in order: several chunks per region.
                for (int correlation = 1; correlation <= 3; correlation++) {
                    int size = in.readInt();
                    assertThat(size).isGreaterThan(6 * value.length);
                    byte[] frame = new byte[size];
                    in.readFully(frame);
                    assertThat(java.nio.ByteBuffer.wrap(frame).getInt(0)).as("correlation id").isEqualTo(correlation);
                }
            }
        }
    }

    private static SSLSocket tlsSocket(TestCertificates certs, int port) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.truststore())) {
            trust.load(in, certs.password().toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return socket;
    }
}
