/** Internal, may change: consumer groups' committed offsets and (to come) the group coordinator. */
package dev.brook.core.internal.coordinator;
