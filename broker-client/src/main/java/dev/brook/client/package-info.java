/**
 * Brook's Java client: {@code producer}, {@code consumer} and {@code admin} in their own packages,
 * and what they share here.
 */
package dev.brook.client;
