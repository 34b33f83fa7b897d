/**
 * The module contract: a {@link dev.harden.module.Module} reads facts and policy and returns
 * desired files with their validation, reloads and sensitivity. Modules never touch hosts;
 * the change protocol in {@code apply} is shared by all of them, so a new area (firewall,
 * upgrades, AppArmor, WireGuard) is a new subpackage plus one line in
 * {@link dev.harden.module.Modules}.
 */
package dev.harden.module;
