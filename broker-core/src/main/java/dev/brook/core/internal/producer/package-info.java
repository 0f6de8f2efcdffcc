/** Internal, may change: allocation of idempotent producers' ids and epochs. Reached through {@link dev.brook.core.Broker}. */
package dev.brook.core.internal.producer;
