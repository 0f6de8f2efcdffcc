/**
 * Apache Kafka's wire protocol on Brook's storage: the second listener, through which Kafka's own
 * clients and tools use Brook unchanged ({@code docs/kafka-compatibility.md}). Requests and
 * responses are read and written with kafka-clients' generated message classes, so the bytes are
 * exactly Kafka's; record data is served from the log files as file regions, as on Brook's own
 * listener. Implementation detail of the server; may change at any time.
 */
package dev.brook.server.kafka;
