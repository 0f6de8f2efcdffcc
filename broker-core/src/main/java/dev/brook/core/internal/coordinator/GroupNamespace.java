package dev.brook.core.internal.coordinator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one namespace of group ids shared by consumer groups and classic groups: which kind holds a
 * group id while the group has members. A kind claims the id when its group gets its first member
 * and releases it when the group has none left; a group id with only committed offsets belongs to
 * neither, so either kind may take it.
 *
 * <p>Thread-safe: claims are atomic, so two kinds never hold one id at once.
 */
final class GroupNamespace {
    /** The kinds of group. */
    enum Kind {
        /** A KIP-848 consumer group of {@link GroupCoordinator}. */
        CONSUMER,
        /** A classic group of {@link ClassicGroupCoordinator}. */
        CLASSIC
    }

    private final Map<String, Kind> owners = new ConcurrentHashMap<>();

    /** Claims the id for {@code kind}; false if the other kind holds it. Claiming again is harmless. */
    boolean claim(String groupId, Kind kind) {
        return owners.computeIfAbsent(groupId, id -> kind) == kind;
    }

    /** Releases the id if {@code kind} holds it. */
    void release(String groupId, Kind kind) {
        owners.remove(groupId, kind);
    }

    /** The kind holding the id, or null. */
    Kind owner(String groupId) {
        return owners.get(groupId);
    }
}
