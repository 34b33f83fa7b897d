package dev.harden.inventory;

import dev.harden.HardenException;
import dev.harden.policy.PolicyLayer;
import dev.harden.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
     * The hosts selected by {@code --limit}: comma-separated host names, group names and globs
     * ({@code web-*}, {@code db?}, {@code rack[12]-*}; a glob selects the hosts whose name matches
     * and the members of the groups whose name matches); empty means all. Returned in inventory
     * name order. An unknown name, or a glob that matches nothing, is an error: a typo must not
     * quietly select nothing.
     */
    public List<HostEntry> select(List<String> limit) {
        return select(limit, Shard.ALL);
    }

    /** The hosts {@code limit} selects that {@code shard} owns ({@link Shard}: the same for every runner). */
    public List<HostEntry> select(List<String> limit, Shard shard) {
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
            } else if (isGlob(name)) {
                Pattern glob = glob(name);
                boolean matched = false;
                for (HostEntry host : hosts.values()) {
                    if (glob.matcher(host.name()).matches()
                            || host.groups().stream().anyMatch(g -> glob.matcher(g).matches())) {
                        names.add(host.name());
                        matched = true;
                    }
                }
                if (!matched && groupNames().stream().noneMatch(g -> glob.matcher(g).matches())) {
                    throw new HardenException("--limit: " + YamlNode.quote(name) + " matches no host or group in the"
                            + " inventory (hosts: " + hostList() + ")");
                }
            } else if (!name.isEmpty()) {
                throw new HardenException("--limit: no host or group named " + YamlNode.quote(name)
                        + " in the inventory (hosts: " + hostList() + ")");
            }
        }
        List<HostEntry> selected = new ArrayList<>();
        names.stream().filter(shard::contains).sorted().forEach(n -> selected.add(hosts.get(n)));
        return selected;
    }

    private String hostList() {
        return String.join(", ", hosts.keySet().stream().sorted().toList());
    }

    /** Whether a {@code --limit} item names a group or is a glob, rather than naming one host. */
    public boolean isGroupOrGlob(String item) {
        String name = item.trim();
        return isGroup(name) || isGlob(name);
    }

    private boolean isGroup(String name) {
        return groupVars.containsKey(name) || hosts.values().stream().anyMatch(h -> h.groups().contains(name));
    }

    /** Every group name: those with variables and those hosts list. */
    public Set<String> groupNames() {
        Set<String> groups = new TreeSet<>(groupVars.keySet());
        hosts.values().forEach(h -> groups.addAll(h.groups()));
        return groups;
    }

    /** Host and group names are [A-Za-z0-9._-]: these characters can only be a glob. */
    private static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    /** A shell-style glob as a pattern: * any run, ? one character, [abc] [a-z] [!a] one of a set. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                String set = glob.substring(i + 1, close);
                boolean negated = set.startsWith("!");
                regex.append('[').append(negated ? "^" : "");
                for (char m : (negated ? set.substring(1) : set).toCharArray()) {
                    // letters, digits and ranges as they are; any other character escaped (always legal)
                    regex.append(m == '-' || Character.isLetterOrDigit(m) ? String.valueOf(m) : "\\" + m);
                }
                regex.append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            throw new HardenException("--limit: " + YamlNode.quote(glob) + " is not a valid glob (* ? [a-z] [!a])");
        }
    }
}
