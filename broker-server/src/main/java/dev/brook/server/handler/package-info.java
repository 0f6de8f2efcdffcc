/**
 * Request handling, apart from the network: decoding a request body and serving it against the
 * storage engine. Internal to the server; may change.
 */
package dev.brook.server.handler;
