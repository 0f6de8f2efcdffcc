package dev.brook.server.testing;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ByteBufferOutput;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.RequestHeader;
import dev.brook.protocol.wire.ResponseHeader;
import dev.brook.protocol.wire.Wire;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;

/**
 * A deliberately plain blocking client of Brook's protocol for tests, written from
 * {@code docs/protocol.md} with nothing but a socket and the protocol codecs: it sends frames,
 * raw bytes or pipelined requests and reads responses one at a time. Not thread-safe.
 */
public final class NativeClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 20_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private NativeClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static NativeClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return new NativeClient(socket);
    }

    /** A response frame: its header and the body's bytes. */
    public record Received(ResponseHeader header, ByteBuffer body) {
        public <T> T decode(BiFunction<ByteBuffer, Short, T> reader) {
            if (header.errorCode() != ErrorCode.NONE) {
                throw new AssertionError("request failed: " + header);
            }
            return Wire.read(body, "response", b -> reader.apply(b, (short) 0));
        }
    }

    /** Sends a request at version 0 and returns its correlation id; does not wait. */
    public int send(ApiKey api, Message body) throws IOException {
        return send(api.id(), (short) 0, body);
    }

    public int send(short apiKey, short version, Message body) throws IOException {
        int correlationId = nextCorrelationId++;
        RequestHeader header = new RequestHeader(apiKey, version, correlationId, "test-client");
        int size = header.sizeInBytes() + body.sizeInBytes();
        ByteBuffer frame = ByteBuffer.allocate(4 + size);
        frame.putInt(size);
        ByteBufferOutput output = new ByteBufferOutput(frame);
        header.writeTo(output);
        body.writeTo(output);
        sendRaw(frame.array());
        return correlationId;
    }

    /** A whole request frame, size prefix included, at version 0. */
    public static byte[] frame(ApiKey api, Message body, int correlationId) {
        RequestHeader header = new RequestHeader(api.id(), (short) 0, correlationId, "test-client");
        int size = header.sizeInBytes() + body.sizeInBytes();
        ByteBuffer frame = ByteBuffer.allocate(4 + size);
        frame.putInt(size);
        ByteBufferOutput output = new ByteBufferOutput(frame);
        header.writeTo(output);
        body.writeTo(output);
        return frame.array();
    }

    /** Sends a request with a hand-made body. */
    public int sendBody(ApiKey api, byte[] body) throws IOException {
        int correlationId = nextCorrelationId++;
        RequestHeader header = new RequestHeader(api.id(), (short) 0, correlationId, "test-client");
        ByteBuffer frame = ByteBuffer.allocate(4 + header.sizeInBytes() + body.length);
        frame.putInt(header.sizeInBytes() + body.length);
        header.writeTo(new ByteBufferOutput(frame));
        frame.put(body);
        sendRaw(frame.array());
        return correlationId;
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next response frame. */
    public Received receive() throws IOException {
        int size = in.readInt();
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        ResponseHeader header = ResponseHeader.read(frame);
        return new Received(header, frame.slice());
    }

    /** Sends a request and reads its response, checking the correlation id. */
    public Received call(ApiKey api, Message body) throws IOException {
        int correlationId = send(api, body);
        Received received = receive();
        if (received.header().correlationId() != correlationId) {
            throw new AssertionError("expected correlation id " + correlationId + ", got " + received.header());
        }
        return received;
    }

    public <T> T call(ApiKey api, Message body, BiFunction<ByteBuffer, Short, T> reader) throws IOException {
        return call(api, body).decode(reader);
    }

    /** Whether the broker closes the connection (end of stream or reset) before the read timeout. */
    public boolean closedByBroker() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
