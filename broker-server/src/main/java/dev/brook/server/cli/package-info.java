/**
 * The {@code brook} command line run by {@code bin/brook}: the server, and the client tools of the
 * quickstart (topics, console producer and consumer, perf producer and consumer).
 */
package dev.brook.server.cli;
