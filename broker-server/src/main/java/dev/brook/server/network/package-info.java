/**
 * The network layer of Brook's own protocol: the Netty listener, framing, per-connection ordering
 * and backpressure, and zero-copy response writing. Internal to the server; may change.
 */
package dev.brook.server.network;
