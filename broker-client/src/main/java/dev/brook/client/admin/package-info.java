/**
 * Administering a broker from an application: {@link dev.brook.client.admin.Admin} creates,
 * describes, alters and deletes topics, looks up offsets, and lists, describes, resets and
 * deletes consumer groups.
 */
package dev.brook.client.admin;
