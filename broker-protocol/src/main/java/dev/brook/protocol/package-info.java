/**
 * What the storage engine, the server and the client all speak: the record format
 * ({@code record}), the errors ({@code errors}) and the small value types they share.
 */
package dev.brook.protocol;
