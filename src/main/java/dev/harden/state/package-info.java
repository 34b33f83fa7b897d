/**
 * The on-host record of changes (/var/lib/harden/generations): reading generations for
 * {@code history}, and planning a {@code rollback} from the backups they hold. Everything is
 * on the host, so rollback needs only the inventory, not the Git server.
 */
package dev.harden.state;
