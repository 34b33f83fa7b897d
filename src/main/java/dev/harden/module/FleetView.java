package dev.harden.module;

import dev.harden.facts.Facts;
import dev.harden.inventory.Inventory;
import java.util.Map;
import java.util.Optional;

/**
 * What a module may know about the other hosts while it plans one: the inventory (every host,
 * selected or not) and the facts gathered in this run (hosts outside --limit have none). Planning
 * runs in two phases, so every selected host's facts are known before any host is planned; a
 * module that joins hosts (a WireGuard mesh) reads its peers here, read-only.
 */
public record FleetView(Inventory inventory, Map<String, Facts> facts) {

    public FleetView {
        facts = Map.copyOf(facts);
    }

    /** A view of one host alone (tests, and rollbacks, which plan from the host's own records). */
    public static FleetView single(Inventory inventory, String host, Facts facts) {
        return new FleetView(inventory, Map.of(host, facts));
    }

    /** The facts gathered from {@code host} in this run, if it was selected and reachable. */
    public Optional<Facts> factsOf(String host) {
        return Optional.ofNullable(facts.get(host));
    }
}
