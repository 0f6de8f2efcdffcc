package dev.brook.core.internal.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group, as Kafka's classic coordinator has them, and the transitions
 * allowed between them:
 *
 * <pre>
 *  EMPTY                --first member joins----------------------------------> PREPARING_REBALANCE
 *  PREPARING_REBALANCE  --all members joined, or rebalance timeout, members --> COMPLETING_REBALANCE
 *                       --... and no member left-----------------------------> EMPTY
 *  COMPLETING_REBALANCE --leader's sync---------------------------------------> STABLE
 *                       --member joins, leaves, expires, sync timeout --------> PREPARING_REBALANCE
 *  STABLE               --member joins (or the leader rejoins, or changes its
 *                         metadata), leaves, expires, sync timeout ----------> PREPARING_REBALANCE
 *  any                  --group dropped or deleted---------------------------> DEAD
 * </pre>
 *
 * Immutable and thread-safe.
 */
enum ClassicGroupState {
    /** No members; there may be committed offsets and pending members (KIP-394). */
    EMPTY("Empty"),
    /** A rebalance is waiting for the members to join. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** The members have their join results; waiting for the leader's assignment. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Every member has been given its assignment by the leader. */
    STABLE("Stable"),
    /** Removed: a request that finds the group in this state looks it up again. */
    DEAD("Dead");

    /** The name Kafka's DescribeGroups and ListGroups give the state. */
    final String displayName;

    ClassicGroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The states this one may be entered from. */
    Set<ClassicGroupState> validPrevious() {
        switch (this) {
            case EMPTY:
                return EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE:
                return EnumSet.of(EMPTY, COMPLETING_REBALANCE, STABLE);
            case COMPLETING_REBALANCE:
                return EnumSet.of(PREPARING_REBALANCE);
            case STABLE:
                return EnumSet.of(COMPLETING_REBALANCE);
            case DEAD:
                return EnumSet.allOf(ClassicGroupState.class);
            default:
                throw new IllegalStateException("no transitions written down for " + this);
        }
    }
}
