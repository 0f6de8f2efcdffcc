/**
 * Brook's own binary protocol: the request and response messages, their framing types and codecs,
 * shared by the server and the client. The layouts are specified in {@code docs/protocol.md}; each
 * message's Javadoc repeats its own.
 */
package dev.brook.protocol.wire;
