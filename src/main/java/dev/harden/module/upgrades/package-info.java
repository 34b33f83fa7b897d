/**
 * The upgrades module (Layer 1): automatic security updates and reboots in a window, with
 * unattended-upgrades on Debian and Ubuntu and dnf-automatic on the RHEL family.
 */
package dev.harden.module.upgrades;
