/**
 * The record format: Apache Kafka's RecordBatch v2 layout, which producers build, the log stores
 * and consumers read, byte for byte the same. {@link dev.brook.protocol.record.RecordBatch} reads
 * and patches a batch in place, {@link dev.brook.protocol.record.RecordBatchBuilder} writes one,
 * {@link dev.brook.protocol.record.Records} walks a run of them.
 */
package dev.brook.protocol.record;
