/**
 * Internal, may change: the partition log, its segments, loading and crash recovery. Reached
 * through {@link dev.brook.core.Broker}.
 */
package dev.brook.core.internal.log;
