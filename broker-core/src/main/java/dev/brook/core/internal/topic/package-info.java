/** Internal, may change: topic naming rules and the on-disk topic metadata. */
package dev.brook.core.internal.topic;
