/**
 * WireGuard private networks between hosts (Layer 3): keys born on each host and never leaving it,
 * public keys pinned in the repository (inventory/wireguard_keys), peers planned from the whole
 * fleet's facts, and changed live with wg syncconf without dropping tunnels.
 */
package dev.harden.module.wireguard;
