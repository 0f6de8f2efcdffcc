package dev.brook.server.kafka;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * What a Kafka request handler may need besides the body: the header fields and where the client
 * connected from (Kafka reports it as the client host of group members). Immutable.
 */
record KafkaRequestContext(RequestHeaderData header, ApiKeys api, short apiVersion, String clientHost) {
    int correlationId() {
        return header.correlationId();
    }

    String clientId() {
        return header.clientId() == null ? "" : header.clientId();
    }

    String describe() {
        return api.name + " v" + apiVersion + " (correlation id " + header.correlationId() + ", client '"
                + clientId() + "')";
    }
}
