package dev.brook.server.handler;

import dev.brook.server.security.Authorizer;

/**
 * Who sent a request: the principal its connection authenticated as ({@code User:NAME}, or
 * {@link Authorizer#ANONYMOUS} on a listener without authentication) and the client's address, for
 * ACL checks and their log lines. Immutable.
 */
public record RequestContext(String principal, String clientHost) {
    /** A client that did not authenticate, at {@code clientHost}. */
    public static RequestContext anonymous(String clientHost) {
        return new RequestContext(Authorizer.ANONYMOUS, clientHost);
    }
}
