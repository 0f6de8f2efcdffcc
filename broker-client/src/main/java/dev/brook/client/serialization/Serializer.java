package dev.brook.client.serialization;

/**
 * Turns a key or value into bytes for a record. Implementations must be thread-safe: a producer
 * may call them from several threads. A null input may give null (a null key or a tombstone).
 */
@FunctionalInterface
public interface Serializer<T> {
    byte[] serialize(String topic, T data);
}
