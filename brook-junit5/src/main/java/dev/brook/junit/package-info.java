/**
 * A JUnit 5 extension that starts an in-process Brook broker for a test class or for each test:
 * annotate the class with {@link dev.brook.junit.BrookTest} and take a {@link dev.brook.junit.BrookBroker}
 * as a parameter or field. The broker listens on free ports on 127.0.0.1 (Brook's protocol and
 * Kafka's) with its data in a temporary directory, and is stopped and deleted afterwards. See
 * {@code docs/testing.md}.
 */
package dev.brook.junit;
