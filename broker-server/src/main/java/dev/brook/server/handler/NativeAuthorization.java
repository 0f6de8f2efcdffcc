package dev.brook.server.handler;

import dev.brook.protocol.errors.ErrorCode;
import dev.brook.protocol.errors.GroupAuthorizationException;
import dev.brook.server.security.AclStore.Operation;
import dev.brook.server.security.AclStore.ResourceType;
import dev.brook.server.security.Authorizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * ACLs on Brook's own listener, with the same {@link Authorizer} and rules as the Kafka listener,
 * and what each request needs decided as Kafka decides it: WRITE on the topics a Produce names,
 * READ on a Fetch's, DESCRIBE for ListOffsets, Metadata and DescribeConfigs, CREATE (on the topic or
 * the cluster) for CreateTopics, DELETE for DeleteTopics, ALTER for CreatePartitions, ALTER_CONFIGS
 * for AlterConfigs; READ on a group to heartbeat in it or commit its offsets (with READ on the
 * topics committed), DESCRIBE on a group for OffsetFetch (with DESCRIBE on the topics) and
 * DescribeGroups, DELETE for DeleteGroups.
 *
 * <p>A refused topic or group is answered where the API reports errors for it, with
 * {@code TOPIC_AUTHORIZATION_FAILED} or {@code GROUP_AUTHORIZATION_FAILED}, and nothing is done to
 * it; the rest of the request is served. A refused group of a request that names one group
 * (ConsumerGroupHeartbeat, OffsetCommit, OffsetFetch) is answered in the response header.
 * Listings (every topic in Metadata, ListGroups, every committed offset in OffsetFetch) leave out
 * what the principal may not describe. Every refusal is logged by the {@link Authorizer}.
 *
 * <p>Stateless apart from the authorizer; thread-safe.
 */
final class NativeAuthorization {
    private final Authorizer authorizer;

    NativeAuthorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** The checks of one request from {@code context}, described as {@code request} in logs. */
    Access access(RequestContext context, String request) {
        return new Access(context, request);
    }

    /** The checks of one request. */
    final class Access {
        private final RequestContext context;
        private final String request;

        private Access(RequestContext context, String request) {
            this.context = context;
            this.request = request;
        }

        boolean enabled() {
            return authorizer.enabled();
        }

        /** Whether the principal may, without logging: for leaving things out of listings. */
        boolean allows(ResourceType type, String name, Operation operation) {
            return authorizer.authorized(context.principal(), type, name, operation);
        }

        /** The refusal message, logged, or null when allowed. */
        String denial(ResourceType type, String name, Operation operation, boolean orCluster) {
            return authorizer.denial(context.principal(), context.clientHost(), type, name, operation, orCluster,
                    request);
        }

        /** @throws GroupAuthorizationException when the principal may not do {@code operation} on the group */
        void requireGroup(String groupId, Operation operation) {
            String denial = denial(ResourceType.GROUP, groupId, operation, false);
            if (denial != null) {
                throw new GroupAuthorizationException(denial);
            }
        }

        /** Splits a request's topics (or groups) into those the principal may act on and the refused. */
        <T> Split<T> split(List<T> elements, Function<T, String> name, ResourceType type, Operation operation,
                boolean orCluster) {
            Split<T> split = new Split<>(elements);
            if (!authorizer.enabled()) {
                split.allowed.addAll(elements);
                return split;
            }
            for (int i = 0; i < elements.size(); i++) {
                T element = elements.get(i);
                String denial = denial(type, name.apply(element), operation, orCluster);
                if (denial == null) {
                    split.allowed.add(element);
                } else {
                    split.refusals[i] = denial;
                }
            }
            return split;
        }
    }

    /**
     * A request's elements split in two: those allowed, to be served as a request of their own, and
     * the refused, each with its message. {@link #merge} puts the answers back in request order.
     */
    static final class Split<T> {
        private final List<T> all;
        private final String[] refusals;
        final List<T> allowed = new ArrayList<>();

        private Split(List<T> all) {
            this.all = all;
            this.refusals = new String[all.size()];
        }

        /** Whether nothing was refused, so that the request can be served as it came. */
        boolean whole() {
            return allowed.size() == all.size();
        }

        /** Calls {@code action} with each refused element and its message, in request order. */
        void forEachRefused(java.util.function.BiConsumer<T, String> action) {
            for (int i = 0; i < all.size(); i++) {
                if (refusals[i] != null) {
                    action.accept(all.get(i), refusals[i]);
                }
            }
        }

        /**
         * The answers for every element in request order: {@code served} holds one per allowed
         * element, in their order; a refused element gets {@code refused(element, message)}.
         */
        <R> List<R> merge(List<R> served, BiFunction<T, String, R> refused) {
            if (whole()) {
                return served;
            }
            List<R> merged = new ArrayList<>(all.size());
            int next = 0;
            for (int i = 0; i < all.size(); i++) {
                merged.add(refusals[i] == null ? served.get(next++) : refused.apply(all.get(i), refusals[i]));
            }
            return merged;
        }
    }

    /** The error of a refused topic. */
    static final ErrorCode TOPIC_DENIED = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
    /** The error of a refused group. */
    static final ErrorCode GROUP_DENIED = ErrorCode.GROUP_AUTHORIZATION_FAILED;
}
