/**
 * Administering a broker from an application: {@link dev.brook.client.admin.Admin} creates,
 * describes, alters and deletes topics and looks up offsets.
 */
package dev.brook.client.admin;
