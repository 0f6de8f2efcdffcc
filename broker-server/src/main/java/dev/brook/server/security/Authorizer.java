package dev.brook.server.security;

import dev.brook.server.security.AclStore.Operation;
import dev.brook.server.security.AclStore.ResourceType;
import java.util.Set;

/**
 * Decides whether a principal may do an operation on a resource, as Kafka's ACL authorizer does:
 * super users may do everything; otherwise a rule of the {@link AclStore} must allow it, for the
 * principal or for {@code User:*}, on the resource by name or on {@code *}. {@code ALL} allows any
 * operation; {@code READ}, {@code WRITE}, {@code DELETE} and {@code ALTER} imply {@code DESCRIBE},
 * and {@code ALTER_CONFIGS} implies {@code DESCRIBE_CONFIGS}. When authorization is off, everything
 * is allowed.
 *
 * <p>Thread-safe.
 */
public final class Authorizer {
    /** The principal of a connection that did not authenticate. */
    public static final String ANONYMOUS = "User:ANONYMOUS";

    private final AclStore store;
    private final Set<String> superUsers;
    private final boolean enabled;

    public Authorizer(AclStore store, Set<String> superUsers, boolean enabled) {
        this.store = store;
        this.superUsers = Set.copyOf(superUsers);
        this.enabled = enabled;
    }

    /** An authorizer that allows everything. */
    public static Authorizer allowAll() {
        return new Authorizer(null, Set.of(), false);
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean authorized(String principal, ResourceType type, String name, Operation operation) {
        if (!enabled || superUsers.contains(principal)) {
            return true;
        }
        for (AclStore.Rule rule : store.rules()) {
            if ((rule.principal().equals(principal) || rule.principal().equals("User:*"))
                    && rule.type() == type && (rule.name().equals(name) || rule.name().equals("*"))
                    && implies(rule.operation(), operation)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the principal may do the operation on at least one resource of the type (any topic, say). */
    public boolean authorizedOnAny(String principal, ResourceType type, Operation operation) {
        if (!enabled || superUsers.contains(principal)) {
            return true;
        }
        for (AclStore.Rule rule : store.rules()) {
            if ((rule.principal().equals(principal) || rule.principal().equals("User:*")) && rule.type() == type
                    && implies(rule.operation(), operation)) {
                return true;
            }
        }
        return false;
    }

    private static boolean implies(Operation granted, Operation wanted) {
        if (granted == wanted || granted == Operation.ALL) {
            return true;
        }
        if (wanted == Operation.DESCRIBE) {
            return granted == Operation.READ || granted == Operation.WRITE || granted == Operation.DELETE
                    || granted == Operation.ALTER;
        }
        return wanted == Operation.DESCRIBE_CONFIGS && granted == Operation.ALTER_CONFIGS;
    }
}
