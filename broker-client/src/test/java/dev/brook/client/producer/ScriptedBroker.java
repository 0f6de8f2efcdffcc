package dev.brook.client.producer;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.record.Record;
import dev.brook.protocol.record.RecordBatch;
import dev.brook.protocol.record.Records;
import dev.brook.protocol.wire.ApiKey;
import dev.brook.protocol.wire.ByteBufferOutput;
import dev.brook.protocol.wire.Message;
import dev.brook.protocol.wire.MetadataResponse;
import dev.brook.protocol.wire.ProduceRequest;
import dev.brook.protocol.wire.ProduceResponse;
import dev.brook.protocol.wire.RecordsPayload;
import dev.brook.protocol.wire.RequestHeader;
import dev.brook.protocol.wire.ResponseHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test peer that speaks Brook's protocol on 127.0.0.1 for one topic: it answers Metadata and
 * Produce, keeps what it stores per partition, and lets a test see each Produce request and decide
 * when it is answered, or that the connection breaks instead. Not a broker: no files, one topic.
 *
 * <p>Thread-safe: one thread per connection; the test thread reads and steers through the
 * synchronized methods.
 */
final class ScriptedBroker implements AutoCloseable {
    /** One Produce request as it arrived: on which connection, and which partitions it carried. */
    record Produce(int connection, Set<Integer> partitions) {
    }

    private final String topic;
    private final int partitionCount;
    private final ServerSocket server;
    private final List<List<String>> logs = new ArrayList<>();
    private final List<Produce> produces = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Answers written once released, oldest first. Guarded by this. */
    private final List<byte[]> held = new ArrayList<>();
    private boolean holding;
    private int maxUnanswered;
    /** Produce requests to read and drop (not store) before closing the connection; 0 for none. */
    private int dropAfter;
    private int connections;

    ScriptedBroker(String topic, int partitionCount) throws IOException {
        this.topic = topic;
        this.partitionCount = partitionCount;
        for (int p = 0; p < partitionCount; p++) {
            logs.add(new ArrayList<>());
        }
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, Produce answers wait until {@link #release()}. */
    synchronized void hold() {
        holding = true;
    }

    /** Writes every held answer, in order, and stops holding. */
    synchronized void release() throws IOException {
        holding = false;
        OutputStream out = sockets.get(sockets.size() - 1).getOutputStream();
        for (byte[] answer : held) {
            out.write(answer);
        }
        out.flush();
        held.clear();
    }

    /** The next {@code requests} Produce requests are read but neither stored nor answered; then the connection closes. */
    synchronized void dropConnectionAfter(int requests) {
        dropAfter = requests;
    }

    /** Answers held now. */
    synchronized int unanswered() {
        return held.size();
    }

    /** The most answers ever held at once. */
    synchronized int maxUnanswered() {
        return maxUnanswered;
    }

    List<Produce> produces() {
        return List.copyOf(produces);
    }

    synchronized List<String> stored(int partition) {
        return List.copyOf(logs.get(partition));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int connection;
                synchronized (this) {
                    connection = ++connections;
                }
                Thread serving = new Thread(() -> serve(socket, connection), "scripted-broker-" + connection);
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                ByteBuffer buffer = ByteBuffer.wrap(frame);
                RequestHeader header = RequestHeader.read(buffer);
                if (header.apiKey() == ApiKey.METADATA.id()) {
                    reply(out, answer(header.correlationId(), metadata()));
                } else if (header.apiKey() == ApiKey.PRODUCE.id()) {
                    if (!produce(out, connection, header.correlationId(), ProduceRequest.read(buffer, header.apiVersion()))) {
                        return;
                    }
                } else {
                    throw new IllegalStateException("the scripted broker does not speak API " + header.apiKey());
                }
            }
        } catch (IOException closed) {
            // the client went away, or close()
        }
    }

    /** Handles one Produce; false when the connection is to break now. */
    private synchronized boolean produce(OutputStream out, int connection, int correlationId, ProduceRequest request)
            throws IOException {
        Set<Integer> partitions = new TreeSet<>();
        request.topics().forEach(t -> t.partitions().forEach(p -> partitions.add(p.partition())));
        produces.add(new Produce(connection, partitions));
        if (dropAfter > 0) {
            dropAfter--;
            return dropAfter > 0;
        }
        List<ProduceResponse.PartitionResult> results = new ArrayList<>();
        for (ProduceRequest.TopicData topicData : request.topics()) {
            for (ProduceRequest.PartitionData data : topicData.partitions()) {
                List<String> log = logs.get(data.partition());
                long baseOffset = log.size();
                ByteBuffer batches = ((RecordsPayload.BufferRecords) data.records()).buffer();
                for (RecordBatch batch : Records.strictBatches(batches)) {
                    for (Record record : batch.records()) {
                        log.add(StandardCharsets.UTF_8.decode(record.value()).toString());
                    }
                }
                results.add(new ProduceResponse.PartitionResult(data.partition(), ErrorCode.NONE, null, baseOffset,
                        -1L, 0L));
            }
        }
        byte[] answer = answer(correlationId, new ProduceResponse(List.of(
                new ProduceResponse.TopicResult(topic, results))));
        reply(out, answer);
        maxUnanswered = Math.max(maxUnanswered, held.size());
        return true;
    }

    private MetadataResponse metadata() {
        List<MetadataResponse.PartitionMetadata> partitions = new ArrayList<>();
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new MetadataResponse.PartitionMetadata(p, 0, 0, 0));
        }
        return new MetadataResponse(0, "127.0.0.1", server.getLocalPort(), List.of(new MetadataResponse.TopicMetadata(
                ErrorCode.NONE, null, topic, new UUID(1, 1), partitions)));
    }

    private static byte[] answer(int correlationId, Message body) {
        ResponseHeader header = ResponseHeader.ok(correlationId);
        int size = header.sizeInBytes() + body.sizeInBytes();
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        ByteBufferOutput out = new ByteBufferOutput(buffer);
        out.writeInt(size);
        header.writeTo(out);
        body.writeTo(out);
        return buffer.array();
    }

    /** Answers now, or holds the answer (behind any held before it: answers go out in request order). */
    private synchronized void reply(OutputStream out, byte[] bytes) throws IOException {
        if (holding) {
            held.add(bytes);
            return;
        }
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
