package dev.harden.module;

import dev.harden.facts.Facts;
import dev.harden.inventory.Inventory;
import dev.harden.policy.HostPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a module may know about the other hosts while it plans one: the inventory (every host,
 * selected or not), each host's effective policy, and the facts gathered in this run (hosts
 * outside --limit have none). Planning runs in two phases, so every selected host's facts are
 * known before any host is planned; a module that joins hosts (a WireGuard mesh) reads its peers
 * here, read-only.
 */
public record FleetView(Inventory inventory, Map<String, Facts> facts, Function<String, HostPolicy> policies) {

    public FleetView {
        facts = Map.copyOf(facts);
    }

    /** A view without the other hosts' policies (tests). */
    public FleetView(Inventory inventory, Map<String, Facts> facts) {
        this(inventory, facts, host -> null);
    }

    /** A view of one host alone (tests, and rollbacks, which plan from the host's own records). */
    public static FleetView single(Inventory inventory, String host, Facts facts) {
        return new FleetView(inventory, Map.of(host, facts));
    }

    /** A view of one host's facts alone, with every host's policy. */
    public static FleetView single(Inventory inventory, String host, Facts facts,
                                   Function<String, HostPolicy> policies) {
        return new FleetView(inventory, Map.of(host, facts), policies);
    }

    /** The facts gathered from {@code host} in this run, if it was selected and reachable. */
    public Optional<Facts> factsOf(String host) {
        return Optional.ofNullable(facts.get(host));
    }

    /** The effective policy of an inventory host, when the view knows the policies. */
    public Optional<HostPolicy> policyOf(String host) {
        return inventory.hosts().containsKey(host) ? Optional.ofNullable(policies.apply(host)) : Optional.empty();
    }

    /** The same view with {@code host}'s facts replaced by newer ones (a host checked after its apply). */
    public FleetView with(String host, Facts newer) {
        Map<String, Facts> all = new HashMap<>(facts);
        all.put(host, newer);
        return new FleetView(inventory, all, policies);
    }
}
