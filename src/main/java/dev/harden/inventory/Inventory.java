package dev.harden.inventory;

import dev.harden.HardenException;
import dev.harden.policy.PolicyLayer;
import dev.harden.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hosts and groups of the fleet, as validated from inventory/*.yaml, plus the pinned SSH
 * host keys of inventory/known_hosts (kept as text; the ssh transport parses it).
 */
public record Inventory(Map<String, HostEntry> hosts, Map<String, PolicyLayer> groupVars, String knownHosts) {

    public Inventory {
        hosts = Map.copyOf(hosts);
        groupVars = Map.copyOf(groupVars);
    }

    /**
     * The hosts selected by {@code --limit}: comma-separated host or group names; empty
     * means all. Returned in inventory name order. An unknown name is an error.
     */
    public List<HostEntry> select(List<String> limit) {
        Set<String> names = new LinkedHashSet<>();
        if (limit.isEmpty()) {
            names.addAll(hosts.keySet());
        }
        for (String item : limit) {
            String name = item.trim();
            if (hosts.containsKey(name)) {
                names.add(name);
            } else if (isGroup(name)) {
                hosts.values().stream().filter(h -> h.groups().contains(name)).forEach(h -> names.add(h.name()));
            } else if (!name.isEmpty()) {
                throw new HardenException("--limit: no host or group named " + YamlNode.quote(name) + " in the inventory (hosts: "
                        + String.join(", ", hosts.keySet().stream().sorted().toList()) + ")");
            }
        }
        List<HostEntry> selected = new ArrayList<>();
        names.stream().sorted().forEach(n -> selected.add(hosts.get(n)));
        return selected;
    }

    private boolean isGroup(String name) {
        return groupVars.containsKey(name) || hosts.values().stream().anyMatch(h -> h.groups().contains(name));
    }
}
