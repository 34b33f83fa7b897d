/**
 * The upgrades module (Layer 1): automatic security updates and reboots in a window, with
 * unattended-upgrades on Debian and Ubuntu and dnf-automatic on the RHEL family. Harden writes one
 * configuration file of its own (never the vendor's) and moves the vendor timers into the
 * policy's window with drop-ins; each host reboots at a minute of its own, derived from its name,
 * so plans are stable and a fleet does not reboot at once. Its facts (the effective apt
 * configuration, a dry run, the timers' next runs, the last run, a pending reboot) feed the checks
 * that every plan and check runs once the files are in place.
 */
package dev.harden.module.upgrades;
