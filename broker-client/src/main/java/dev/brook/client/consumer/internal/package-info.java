/**
 * Internal, may change: the machinery behind {@link dev.brook.client.consumer.Consumer}, meant to
 * be driven by the application's polling thread. {@code SubscriptionState} holds what is assigned
 * and where each partition is; {@code Fetcher} keeps one fetch in flight and buffers what comes
 * back; {@code PositionResetter} and {@code OffsetLookup} find offsets with ListOffsets;
 * {@code ConsumerNetwork} owns the connections and the {@code Waiter} the polling thread sleeps on.
 */
package dev.brook.client.consumer.internal;
