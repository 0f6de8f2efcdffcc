package dev.brook.server.security;

import dev.brook.server.security.AclStore.Operation;
import dev.brook.server.security.AclStore.ResourceType;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a principal may do an operation on a resource, as Kafka's ACL authorizer does:
 * super users may do everything; otherwise a rule of the {@link AclStore} must allow it, for the
 * principal or for {@code User:*}, on the resource by name or on {@code *}. {@code ALL} allows any
 * operation; {@code READ}, {@code WRITE}, {@code DELETE} and {@code ALTER} imply {@code DESCRIBE},
 * and {@code ALTER_CONFIGS} implies {@code DESCRIBE_CONFIGS}. When authorization is off, everything
 * is allowed.
 *
 * <p>{@link #denial} is what both listeners ask before serving a request: it decides, logs a
 * refusal (principal, operation, resource, client address and request) and words the message the
 * client receives.
 *
 * <p>Thread-safe.
 */
public final class Authorizer {
    private static final Logger log = LoggerFactory.getLogger(Authorizer.class);
    /** The principal of a connection that did not authenticate. */
    public static final String ANONYMOUS = "User:ANONYMOUS";
    /** The name of the one cluster resource, as Kafka names it. */
    public static final String CLUSTER = "kafka-cluster";

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

    /** The rules, or null for {@link #allowAll()}. */
    public AclStore store() {
        return store;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Null when {@code principal} may do {@code operation} on the resource (or, with
     * {@code orCluster}, on the cluster, as Kafka allows topic creation); otherwise logs the denial
     * and returns the message for the client, naming the principal, operation and resource.
     *
     * @param clientHost the client's address, for the log
     * @param request the request, for the log
     */
    public String denial(String principal, String clientHost, ResourceType type, String name, Operation operation,
            boolean orCluster, String request) {
        if (authorized(principal, type, name, operation)
                || (orCluster && authorized(principal, ResourceType.CLUSTER, CLUSTER, operation))) {
            return null;
        }
        log.info("denied {} on {} '{}' to {} from {} ({})", operation, type, name, principal, clientHost, request);
        return principal + " may not " + operation + " " + type.name().toLowerCase(Locale.ROOT) + " '" + name + "'";
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
