/**
 * Issue 7's side-by-side comparison of Brook with Apache Kafka 4.4, run by
 * {@code benchmarks/run-vs-kafka.sh [--quick] [--runs N]}; docs/performance.md, section "Brook and
 * Apache Kafka compared", has how to run it, what each figure is, and the latest table.
 *
 * <ul>
 *   <li>{@link dev.brook.benchmarks.compare.Compare}: the orchestrator. Starts each broker in turn
 *       ({@link dev.brook.benchmarks.compare.BrokerProcess}, configured by
 *       {@link dev.brook.benchmarks.compare.BrokerConfigs}), times it to its first ApiVersions answer,
 *       runs a driver JVM per client against it, reads its {@code VmHWM}
 *       ({@link dev.brook.benchmarks.compare.ProcStatus}), stops it and deletes its data.</li>
 *   <li>{@link dev.brook.benchmarks.compare.Driver}: the client JVM. Runs the loads of a
 *       {@code Plan} (producer, consumer, end-to-end latency, scale, fetch cost) through a small
 *       client abstraction with two implementations, Brook's own client and kafka-clients, so that
 *       the same load code drives every pairing.</li>
 *   <li>{@link dev.brook.benchmarks.compare.Results}, {@link dev.brook.benchmarks.compare.Stats},
 *       {@link dev.brook.benchmarks.compare.Target}: medians over runs, ratios to Kafka, issue 7's
 *       targets; {@link dev.brook.benchmarks.compare.Report} and
 *       {@link dev.brook.benchmarks.compare.DocsSection} render the table and put it in the docs.</li>
 * </ul>
 *
 * <p>Nothing here is timed by a test: the unit tests cover the logic (medians, targets, the table,
 * the docs section, the {@code VmHWM} parser, the configuration files). Not part of Brook's API.
 */
package dev.brook.benchmarks.compare;
