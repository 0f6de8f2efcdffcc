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

    /** Who holds an id: a kind, and the group object of that kind that claimed it last. */
    private record Owner(Kind kind, Object group) {
    }

    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    /**
     * Claims the id for {@code group} of {@code kind}; false if the other kind holds it. A group of
     * the same kind takes the id over: an emptied group being dropped may not have released it
     * yet when a new group object of its id gets its first member, and its late release must not
     * free the id under the new one. Claiming again is harmless.
     */
    boolean claim(String groupId, Kind kind, Object group) {
        Owner owner = owners.compute(groupId, (id, current) -> current == null || current.kind() == kind
                ? new Owner(kind, group) : current);
        return owner.kind() == kind;
    }

    /** Releases the id if {@code group} holds it (and not a newer group of the id). */
    void release(String groupId, Kind kind, Object group) {
        owners.remove(groupId, new Owner(kind, group));
    }

    /** The kind holding the id, or null. */
    Kind owner(String groupId) {
        Owner owner = owners.get(groupId);
        return owner == null ? null : owner.kind();
    }
}
