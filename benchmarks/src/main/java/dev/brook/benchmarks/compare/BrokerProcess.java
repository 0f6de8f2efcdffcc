package dev.brook.benchmarks.compare;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One broker process of the comparison: launched with its output sent to a log file, probed until
 * it answers on its Kafka port, measured, stopped. Not thread-safe; {@link #stop} may be called
 * from a shutdown hook as well.
 */
final class BrokerProcess implements AutoCloseable {
    private static final short API_VERSIONS_KEY = 18;

    private final Process process;
    private final long launchedAtNanos;

    private BrokerProcess(Process process, long launchedAtNanos) {
        this.process = process;
        this.launchedAtNanos = launchedAtNanos;
    }

    /** Launches the command; the clock for start-to-ready starts just before. */
    static BrokerProcess launch(List<String> command, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        long launchedAt = System.nanoTime();
        return new BrokerProcess(builder.start(), launchedAt);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Polls the Kafka port every 5 ms with an ApiVersions request until one is answered without
     * error; returns milliseconds from launch.
     *
     * @throws IllegalStateException if the process exits or the timeout passes first
     */
    double awaitReady(int kafkaPort, long timeoutMs) {
        long deadline = launchedAtNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int correlationId = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with status " + process.exitValue() + " before it was ready");
            }
            if (apiVersionsAnswered(kafkaPort, ++correlationId)) {
                return (System.nanoTime() - launchedAtNanos) / 1e6;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IllegalStateException("the broker did not answer on 127.0.0.1:" + kafkaPort + " within " + timeoutMs + " ms");
    }

    /** One ApiVersions v0 round trip: true if answered with error code 0. */
    static boolean apiVersionsAnswered(int port, int correlationId) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(2000);
            byte[] clientId = "compare-probe".getBytes(StandardCharsets.UTF_8);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            // Request header v1: api key, api version, correlation id, client id; ApiVersions v0 has no body.
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(API_VERSIONS_KEY);
            out.writeShort(0);
            out.writeInt(correlationId);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            byte[] response = new byte[size];
            in.readFully(response);
            int answeredId = ((response[0] & 0xFF) << 24) | ((response[1] & 0xFF) << 16) | ((response[2] & 0xFF) << 8) | (response[3] & 0xFF);
            short errorCode = (short) (((response[4] & 0xFF) << 8) | (response[5] & 0xFF));
            return answeredId == correlationId && errorCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The process's peak resident memory so far, in KiB. */
    long vmHwmKib() throws IOException {
        return ProcStatus.vmHwmKib(process.pid());
    }

    /** Stops the broker: SIGTERM, then SIGKILL after 20 s. Idempotent. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A port free on 127.0.0.1 at the time of asking. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
