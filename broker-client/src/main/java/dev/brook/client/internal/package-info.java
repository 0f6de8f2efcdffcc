/** Internal, may change: the client's connections and request plumbing. */
package dev.brook.client.internal;
