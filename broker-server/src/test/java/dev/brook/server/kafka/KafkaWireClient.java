package dev.brook.server.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * A blocking Kafka protocol client for tests: sends one request of any API and version, written
 * by kafka-clients' generated classes, and reads its response, so that every version a client may
 * pick can be tried against the broker. Not thread-safe.
 */
final class KafkaWireClient implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int correlationId;

    KafkaWireClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends a request and returns the response body, read in the same version. */
    ApiMessage send(ApiMessage request, short version) throws IOException {
        write(request, version);
        return read(ApiKeys.forId(request.apiKey()), version);
    }

    /** Sends a request without reading its response. */
    void write(ApiMessage request, short version) throws IOException {
        ApiKeys api = ApiKeys.forId(request.apiKey());
        short headerVersion = api.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setCorrelationId(++correlationId).setClientId("wire-test");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + request.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        request.write(accessor, cache, version);
        out.writeInt(size);
        out.write(buffer.array());
        out.flush();
    }

    /** Reads one response, expecting the current correlation id. */
    ApiMessage read(ApiKeys api, short version) throws IOException {
        return read(api, version, api.responseHeaderVersion(version));
    }

    ApiMessage read(ApiKeys api, short version, short headerVersion) throws IOException {
        int size = in.readInt();
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        ByteBufferAccessor accessor = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
        ResponseHeaderData header = new ResponseHeaderData(accessor, headerVersion);
        if (header.correlationId() != correlationId) {
            throw new IOException("response to correlation id " + header.correlationId() + ", expected " + correlationId);
        }
        ApiMessage response = ApiMessageType.fromApiKey(api.id).newResponse();
        response.read(accessor, version);
        return response;
    }

    /** Whether the broker closed the connection (reads end of stream within the socket timeout). */
    boolean closedByBroker() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
