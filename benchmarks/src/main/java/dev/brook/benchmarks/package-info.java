/**
 * JMH benchmarks of Brook. Each class says in its Javadoc what one operation is, what the
 * measured path includes and leaves out, and how it keeps its disk use bounded; the figures and
 * the machines they come from are in {@code docs/performance.md}.
 *
 * <ul>
 *   <li>{@link dev.brook.benchmarks.EmbeddedAppendBenchmark}: appends to one partition of the
 *       embedded storage engine.</li>
 *   <li>{@link dev.brook.benchmarks.EmbeddedReadBenchmark}: sequential 1 MiB fetches from a
 *       pre-filled partition: locating the data, handing it to {@code sendfile}, copying it.</li>
 *   <li>{@link dev.brook.benchmarks.FileAppendBaselineBenchmark}: the same bytes written with a
 *       plain file loop, the machine's ceiling for the append figures.</li>
 * </ul>
 *
 * <p>The end-to-end comparison with Apache Kafka (two broker processes and a client JVM, not JMH) is
 * in {@link dev.brook.benchmarks.compare}, run by {@code benchmarks/run-vs-kafka.sh}.
 *
 * <p>Run them with {@code benchmarks/run-jmh.sh}, which builds the shaded jar when needed. Not
 * part of the API and not tests: nothing here runs during a build.
 */
package dev.brook.benchmarks;
