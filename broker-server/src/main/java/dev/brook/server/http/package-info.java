/**
 * The HTTP listener for operators and orchestrators: {@code /metrics} (Prometheus text),
 * {@code /health} and {@code /ready}, served with Netty's HTTP codec.
 */
package dev.brook.server.http;
