package dev.brook.client.serialization;

/**
 * Turns a record's key or value bytes back into an object. {@code data} is null for a null key or
 * value. Implementations used by one consumer are called from its polling thread only.
 */
@FunctionalInterface
public interface Deserializer<T> {
    T deserialize(String topic, byte[] data);
}
