/**
 * The firewall module: one policy (firewall.*) rendered for ufw or firewalld, whichever the host
 * uses, in each backend's own file format so its own tools keep working. Why files and not
 * "ufw allow" commands: files go through the change protocol like every module (staged,
 * validated, backed up, reverted by the on-host timer), and the plan can show a rule-level diff.
 * Also the service audit (what listens where, against the policy), which is data, not errors.
 */
package dev.harden.module.firewall;
