package dev.brook.client.admin;

import java.util.Objects;

/**
 * A consumer group as {@link Admin#listGroups()} lists it: its id, its state ({@code Empty},
 * {@code Reconciling} or {@code Stable}, see {@code docs/protocol.md}) and how many members it has.
 * Immutable.
 */
public record GroupListing(String groupId, String state, int memberCount) {
    public GroupListing {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(state, "state");
    }
}
