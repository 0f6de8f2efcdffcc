package dev.brook.client.serialization;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The built-in serializers and deserializers, byte-compatible with Kafka's: byte arrays as they
 * are, strings as UTF-8, integers and longs as 4 and 8 big-endian bytes. Null stays null.
 * Stateless and thread-safe.
 */
public final class Serdes {
    private Serdes() {
    }

    public static Serializer<byte[]> byteArraySerializer() {
        return (topic, data) -> data;
    }

    public static Deserializer<byte[]> byteArrayDeserializer() {
        return (topic, data) -> data;
    }

    public static Serializer<String> stringSerializer() {
        return (topic, data) -> data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }

    public static Deserializer<String> stringDeserializer() {
        return (topic, data) -> data == null ? null : new String(data, StandardCharsets.UTF_8);
    }

    public static Serializer<Integer> integerSerializer() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(4).putInt(data).array();
    }

    public static Deserializer<Integer> integerDeserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != 4) {
                throw new IllegalArgumentException("an Integer needs 4 bytes, but a record of topic '" + topic
                        + "' has " + data.length);
            }
            return ByteBuffer.wrap(data).getInt();
        };
    }

    public static Serializer<Long> longSerializer() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(8).putLong(data).array();
    }

    public static Deserializer<Long> longDeserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != 8) {
                throw new IllegalArgumentException("a Long needs 8 bytes, but a record of topic '" + topic
                        + "' has " + data.length);
            }
            return ByteBuffer.wrap(data).getLong();
        };
    }
}
