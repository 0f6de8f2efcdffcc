/**
 * The errors the broker reports: {@link dev.brook.protocol.errors.ErrorCode}, the codes sent on the
 * wire, and one exception type per common error so that callers can catch them by type. Shared by
 * the storage engine, the server and the client.
 */
package dev.brook.protocol.errors;
