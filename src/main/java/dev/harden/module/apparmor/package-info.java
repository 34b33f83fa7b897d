/**
 * Process confinement with AppArmor (HARDENING.md Layer 2): the apparmor package and service,
 * profiles from the repository (templates/apparmor/NAME) or shipped on the host, validated by the
 * AppArmor parser before activation and put in their declared mode one by one through the
 * force-complain/ and disable/ links the parser itself reads; local/ snippets; findings about
 * processes and listening services that run unconfined and about what complain mode has seen.
 * The on-host half is apparmor.sh: check_apparmor (validation) and activate_apparmor (loads
 * exactly the profiles of /etc/apparmor.d/.harden-profiles).
 */
package dev.harden.module.apparmor;
