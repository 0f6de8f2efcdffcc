/**
 * Internal, may change: the sparse, memory-mapped offset and time indexes of a log segment.
 */
package dev.brook.core.internal.index;
