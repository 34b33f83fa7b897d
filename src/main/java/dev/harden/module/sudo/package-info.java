/**
 * The sudo module (Layer 1): operators log in as themselves and escalate with sudo, and every
 * escalation is logged. It manages one sudoers drop-in and never touches /etc/sudoers itself.
 */
package dev.harden.module.sudo;
