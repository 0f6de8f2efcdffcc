/** Serializers and deserializers for record keys and values, with built-ins in {@link dev.brook.client.serialization.Serdes}. */
package dev.brook.client.serialization;
