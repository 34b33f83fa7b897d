/**
 * The runbook on every host (/etc/harden/README and a login banner pointing to it), written from
 * the same plan data as everything else, so it is always true: which commit hardened the host, who
 * may log in and how, which ports are open to whom, updates, confinement, exceptions in force, and
 * how to get an exception or roll back. harden explain prints the same text on the controller.
 */
package dev.harden.module.runbook;
