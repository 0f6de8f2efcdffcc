/**
 * How the extension prepares a test JVM; not API. {@link dev.brook.junit.internal.WarmUpOnLauncherSession}
 * is found by JUnit through {@code META-INF/services}.
 */
package dev.brook.junit.internal;
