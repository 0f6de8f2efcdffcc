/**
 * Sending records: {@link dev.brook.client.producer.Producer}, configured by
 * {@link dev.brook.client.producer.ProducerConfig}.
 */
package dev.brook.client.producer;
