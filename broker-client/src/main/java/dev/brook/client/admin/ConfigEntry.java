package dev.brook.client.admin;

/** One setting of a topic: its value, and whether that is the broker default or set on the topic. Immutable. */
public record ConfigEntry(String name, String value, boolean isDefault) {
}
