/**
 * The fleet: hosts, groups, connection settings and pinned host keys, read from
 * {@code inventory/} of the desired-state repository. Host and group {@code vars} are policy
 * layers validated with the same schema as policy files, so a typo fails the same way.
 */
package dev.harden.inventory;
