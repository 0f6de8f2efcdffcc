/**
 * Keeping out whoever does not belong: TLS settings for the listeners, the SASL mechanisms of the
 * Kafka listener, and the hashed credential store ({@code users.properties} in the data
 * directory). Internal to the server; may change.
 */
package dev.brook.server.security;
