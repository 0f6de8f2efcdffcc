/**
 * The Brook server: {@link dev.brook.server.BrookServer} serves the storage engine over Brook's
 * own protocol; {@link dev.brook.server.ServerConfig} says how.
 */
package dev.brook.server;
