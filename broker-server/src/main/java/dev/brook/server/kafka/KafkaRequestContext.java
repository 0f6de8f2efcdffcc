package dev.brook.server.kafka;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * What a Kafka request handler may need besides the body: the header fields, where the client
 * connected from (Kafka reports it as the client host of group members), and who it authenticated
 * as ({@code User:NAME}, or {@code User:ANONYMOUS}). Immutable.
 */
record KafkaRequestContext(RequestHeaderData header, ApiKeys api, short apiVersion, String clientHost,
        String principal) {
    KafkaRequestContext(RequestHeaderData header, ApiKeys api, short apiVersion, String clientHost) {
        this(header, api, apiVersion, clientHost, dev.brook.server.security.Authorizer.ANONYMOUS);
    }

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
