/**
 * The broker's metrics, through Micrometer: {@link dev.brook.server.metrics.ServerMetrics} owns the
 * registries (Prometheus text for {@code /metrics}, JMX MBeans under the {@code brook} domain) and
 * the JVM and process meters; {@link dev.brook.server.metrics.BrokerMetrics} publishes what the
 * storage engine counts (traffic per topic, partitions' logs, consumer group lag, retention, flushes);
 * {@link dev.brook.server.metrics.MeasuredProtocol} times the requests of one listener. Every metric
 * is listed with its meaning in {@code docs/operations.md}, "Metrics and health".
 */
package dev.brook.server.metrics;
