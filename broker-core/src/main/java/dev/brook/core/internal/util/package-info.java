/** Internal, may change: small file, lock and scheduling helpers of the storage engine. */
package dev.brook.core.internal.util;
