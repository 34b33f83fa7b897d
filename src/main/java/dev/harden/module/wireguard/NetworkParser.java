package dev.harden.module.wireguard;

import dev.harden.policy.SettingType.InvalidValue;
import dev.harden.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code wireguard.networks}: a list of networks like
 * {@code - { name: wg0, cidr: 10.99.0.0/24, port: 51820, members: [web, db] }}. Every problem names
 * the network and the line it is on; names, ranges and ports must be distinct across networks.
 */
final class NetworkParser {

    static final String WHAT = "a list of networks like { name: wg0, cidr: 10.99.0.0/24, port: 51820, members: [web, db],"
            + " topology: mesh, persistent_keepalive: 25 } (optional: hub, addresses, endpoints, allow)";
    private static final Set<String> KEYS = Set.of("name", "cidr", "port", "members", "topology", "hub",
            "persistent_keepalive", "addresses", "endpoints", "allow");
    /** An interface name wg-quick accepts, kept plain: it names files and a systemd unit. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,14}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    /** An endpoint: a DNS name or IPv4 address with an optional port, or [IPv6]:port. */
    private static final Pattern ENDPOINT = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9.-]{0,252})(:(\\d{1,5}))?|\\[([0-9A-Fa-f:.]+)\\](:(\\d{1,5}))?");
    private static final Pattern ALLOW = Pattern.compile("(\\d{1,5})(?:[:-](\\d{1,5}))?(?:/(tcp|udp))?");

    private NetworkParser() {
    }

    static List<WgNetwork> networks(YamlNode node) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw new InvalidValue("must be " + WHAT + ", got " + YamlNode.describe(node));
        }
        List<WgNetwork> networks = new ArrayList<>();
        Map<String, WgNetwork> byPort = new HashMap<>();
        int index = 0;
        for (YamlNode item : sequence.items()) {
            index++;
            WgNetwork network = network(item, index);
            for (WgNetwork other : networks) {
                if (other.name().equals(network.name())) {
                    throw new InvalidValue("network " + network.name() + " is defined twice (also at "
                            + other.location() + ")", item.location());
                }
                if (other.range().overlaps(network.range())) {
                    throw new InvalidValue("network " + network.name() + ": cidr " + network.range() + " overlaps "
                            + other.name() + "'s " + other.range(), item.location());
                }
            }
            WgNetwork samePort = byPort.put(String.valueOf(network.port()), network);
            if (samePort != null) {
                throw new InvalidValue("network " + network.name() + ": port " + network.port() + " is "
                        + samePort.name() + "'s already; each network needs its own UDP port", item.location());
            }
            networks.add(network);
        }
        return List.copyOf(networks);
    }

    private static WgNetwork network(YamlNode item, int index) throws InvalidValue {
        if (!(item instanceof YamlNode.Mapping mapping)) {
            throw new InvalidValue("entry " + index + " must be a mapping like { name: wg0, cidr: 10.99.0.0/24,"
                    + " members: [web] }, got " + YamlNode.describe(item), item.location());
        }
        for (Map.Entry<String, YamlNode.Location> key : mapping.keyLocations().entrySet()) {
            if (!KEYS.contains(key.getKey())) {
                throw new InvalidValue("entry " + index + ": unknown key " + YamlNode.quote(key.getKey())
                        + " (a network has " + String.join(", ", KEYS.stream().sorted().toList()) + ")", key.getValue());
            }
        }
        Map<String, YamlNode> e = mapping.entries();
        String name = text(e.get("name"), "entry " + index + " needs a name, like name: wg0", item);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidValue("entry " + index + ": name " + YamlNode.quote(name) + " must be an interface name:"
                    + " a lower-case letter, then up to 14 of a-z 0-9 _ -", at(e.get("name"), item));
        }
        String entry = "network " + name;
        MeshRange range;
        try {
            range = MeshRange.parse(text(e.get("cidr"), entry + " needs a cidr, like cidr: 10.99.0.0/24", item));
        } catch (IllegalArgumentException ex) {
            throw new InvalidValue(entry + ": cidr " + ex.getMessage(), at(e.get("cidr"), item));
        }
        int port = e.containsKey("port") ? integer(e.get("port"), entry + ": port", 1, 65535) : 51820;
        int keepalive = e.containsKey("persistent_keepalive")
                ? integer(e.get("persistent_keepalive"), entry + ": persistent_keepalive", 0, 65535) : 0;
        List<WgNetwork.Member> members = members(e.get("members"), entry, item);
        WgNetwork.Topology topology = WgNetwork.Topology.MESH;
        if (e.containsKey("topology")) {
            String word = text(e.get("topology"), entry + ": topology is mesh or hub", item);
            topology = switch (word) {
                case "mesh" -> WgNetwork.Topology.MESH;
                case "hub" -> WgNetwork.Topology.HUB;
                default -> throw new InvalidValue(entry + ": topology " + YamlNode.quote(word) + " is unknown; use mesh"
                        + " or hub", at(e.get("topology"), item));
            };
        }
        String hub = "";
        if (topology == WgNetwork.Topology.HUB) {
            hub = text(e.get("hub"), entry + ": topology hub needs the hub host, like hub: bastion1", item);
            checkHost(hub, entry + ": hub", at(e.get("hub"), item));
        } else if (e.containsKey("hub")) {
            throw new InvalidValue(entry + ": hub is only for topology: hub", at(e.get("hub"), item));
        }
        Map<String, String> addresses = hostMap(e.get("addresses"), entry + ": addresses", item);
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, String> address : addresses.entrySet()) {
            String canonical = MeshRange.canonical(address.getValue());
            if (range.offsetOf(canonical).isEmpty()) {
                throw new InvalidValue(entry + ": addresses: " + address.getKey() + "'s " + YamlNode.quote(address
                        .getValue()) + " is not a host address inside " + range, at(e.get("addresses"), item));
            }
            String other = seen.put(canonical, address.getKey());
            if (other != null) {
                throw new InvalidValue(entry + ": addresses: " + other + " and " + address.getKey() + " both have "
                        + canonical, at(e.get("addresses"), item));
            }
            addresses.put(address.getKey(), canonical);
        }
        Map<String, String> endpoints = hostMap(e.get("endpoints"), entry + ": endpoints", item);
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            var m = ENDPOINT.matcher(endpoint.getValue());
            String portText = m.matches() ? (m.group(3) != null ? m.group(3) : m.group(6)) : null;
            if (!m.matches() || portText != null && (Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535)) {
                throw new InvalidValue(entry + ": endpoints: " + endpoint.getKey() + "'s " + YamlNode.quote(endpoint
                        .getValue()) + " is not an endpoint like 198.51.100.7, wg.example.org:51820 or [2001:db8::7]:51820",
                        at(e.get("endpoints"), item));
            }
        }
        List<WgNetwork.Allow> allow = allow(e.get("allow"), entry, item);
        return new WgNetwork(name, range, port, members, topology, hub, keepalive, addresses, endpoints, allow,
                item.location());
    }

    private static List<WgNetwork.Member> members(YamlNode node, String entry, YamlNode item) throws InvalidValue {
        if (node == null) {
            throw new InvalidValue(entry + " needs members (hosts or groups), like members: [web, db]", item.location());
        }
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw new InvalidValue(entry + ": members must be a list of hosts or groups, like [web, db], got "
                    + YamlNode.describe(node), node.location());
        }
        List<WgNetwork.Member> members = new ArrayList<>();
        for (YamlNode member : sequence.items()) {
            String name = text(member, entry + ": each member is a host or group name", item);
            checkHost(name, entry + ": member", member.location());
            members.add(new WgNetwork.Member(name, member.location()));
        }
        return members;
    }

    private static List<WgNetwork.Allow> allow(YamlNode node, String entry, YamlNode item) throws InvalidValue {
        if (node == null || node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw new InvalidValue(entry + ": allow must be a list of ports like [5432/tcp, 9100], got "
                    + YamlNode.describe(node), node.location());
        }
        List<WgNetwork.Allow> allow = new ArrayList<>();
        for (YamlNode port : sequence.items()) {
            String text = port instanceof YamlNode.Scalar s ? s.text() : "";
            var m = ALLOW.matcher(text);
            int first = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            int last = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
            if (!m.matches() || first < 1 || last > 65535 || last < first) {
                throw new InvalidValue(entry + ": allow: " + YamlNode.describe(port) + " is not a port like 5432/tcp,"
                        + " 53/udp or 6000:6010/tcp", port.location());
            }
            allow.add(new WgNetwork.Allow(first, last, m.group(3) == null ? "tcp" : m.group(3)));
        }
        return allow;
    }

    private static Map<String, String> hostMap(YamlNode node, String what, YamlNode item) throws InvalidValue {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return values;
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw new InvalidValue(what + " must be a mapping of host to value, like { web1: ... }, got "
                    + YamlNode.describe(node), node.location());
        }
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            checkHost(entry.getKey(), what, mapping.keyLocations().get(entry.getKey()));
            values.put(entry.getKey(), text(entry.getValue(), what + ": " + entry.getKey() + " needs one value", item));
        }
        return values;
    }

    private static void checkHost(String name, String what, YamlNode.Location at) throws InvalidValue {
        if (!HOST.matcher(name).matches()) {
            throw new InvalidValue(what + " " + YamlNode.quote(name) + " is not a host or group name", at);
        }
    }

    private static int integer(YamlNode node, String what, int min, int max) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.INT) {
            try {
                int value = Integer.parseInt(s.text().replace("_", ""));
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new InvalidValue(what + " must be an integer from " + min + " to " + max + ", got "
                + YamlNode.describe(node), node.location());
    }

    private static String text(YamlNode node, String missing, YamlNode item) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL
                && s.kind() != YamlNode.Scalar.Kind.BOOL && !s.text().isBlank()) {
            return s.text().strip();
        }
        throw new InvalidValue(missing + (node == null ? "" : ", got " + YamlNode.describe(node)),
                node == null ? item.location() : node.location());
    }

    private static YamlNode.Location at(YamlNode node, YamlNode item) {
        return node == null ? item.location() : node.location();
    }
}
