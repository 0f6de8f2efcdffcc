/** Runnable examples of Brook; each has a test that runs it, so none rots. */
package dev.brook.examples;
