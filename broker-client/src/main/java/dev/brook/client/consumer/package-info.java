/**
 * Reading records from a broker: {@link dev.brook.client.consumer.Consumer}, configured by
 * {@link dev.brook.client.consumer.ConsumerConfig}, returns
 * {@link dev.brook.client.consumer.ConsumerRecords} from {@code poll}. The API follows Kafka's
 * {@code KafkaConsumer}: consumer groups ({@code subscribe} with a
 * {@link dev.brook.client.consumer.ConsumerRebalanceListener}, committed offsets as
 * {@link dev.brook.client.consumer.OffsetAndMetadata}), manual assignment, positions and seeks,
 * pause and resume, offset look-ups, {@code wakeup}. The consumer-specific exceptions live here too; broker errors are the
 * {@link dev.brook.protocol.errors.BrookException} subclasses shared with the broker.
 */
package dev.brook.client.consumer;
