/** Internal, may change: the producer's batching, memory pool, partitioning and sender thread. */
package dev.brook.client.producer.internal;
