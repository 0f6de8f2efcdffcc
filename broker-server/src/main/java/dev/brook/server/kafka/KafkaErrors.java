package dev.brook.server.kafka;

import dev.brook.server.handler.Errors;
import org.apache.kafka.common.errors.ApiException;

/**
 * Brook's failures as Kafka errors. Brook's error codes are Kafka's numbers, so a code maps
 * one-to-one; the message goes with it where the response has room for one. Stateless.
 */
final class KafkaErrors {
    private KafkaErrors() {
    }

    /** The Kafka error for a failure, for an API's generic error response. */
    static ApiException exception(Throwable failure, String context) {
        org.apache.kafka.common.protocol.Errors error = error(failure);
        return error.exception(Errors.message(failure, context));
    }

    static org.apache.kafka.common.protocol.Errors error(Throwable failure) {
        return org.apache.kafka.common.protocol.Errors.forCode(Errors.code(failure).code());
    }

    static short code(Throwable failure) {
        return Errors.code(failure).code();
    }

    static String message(Throwable failure, String context) {
        return Errors.message(failure, context);
    }
}
