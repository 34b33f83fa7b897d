/**
 * The change protocol, owned by {@link dev.harden.apply.Applier} and shared by every module:
 * stage, validate, check the host did not change since the plan, record a generation on the
 * host (/var/lib/harden), activate by atomic rename, reload only what changed, verify; on any
 * failure after activation, restore the generation. The only package that writes to hosts.
 */
package dev.harden.apply;
