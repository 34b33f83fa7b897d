package dev.harden.module.wireguard;

import dev.harden.yaml.YamlNode;
import java.util.List;
import java.util.Map;

/**
 * One WireGuard network of the policy ({@code wireguard.networks}): its interface name, address
 * range, UDP port, members (hosts or groups), topology, keepalive, explicit per-host addresses and
 * endpoints, and the ports members accept from the network's range (opened in the firewall).
 *
 * @param hub       the hub host of a hub topology ("" for a mesh)
 * @param keepalive PersistentKeepalive in seconds, 0 for none
 * @param location  where the network is written (for messages)
 */
record WgNetwork(String name, MeshRange range, int port, List<Member> members, Topology topology, String hub,
                 int keepalive, Map<String, String> addresses, Map<String, String> endpoints, List<Allow> allow,
                 YamlNode.Location location) {

    WgNetwork {
        members = List.copyOf(members);
        addresses = Map.copyOf(addresses);
        endpoints = Map.copyOf(endpoints);
        allow = List.copyOf(allow);
    }

    enum Topology {
        /** Every member is a peer of every other. */
        MESH,
        /** Members are peers of the hub only; the hub is a peer of all. */
        HUB;

        String word() {
            return name().toLowerCase();
        }
    }

    /** A name of the members list (a host or a group) and where it is written. */
    record Member(String name, YamlNode.Location location) {
    }

    /** A port (or range) members accept from the network's range. */
    record Allow(int first, int last, String proto) {
        String describe() {
            return (first == last ? String.valueOf(first) : first + ":" + last) + "/" + proto;
        }
    }

    /** The definition without where it is written: two hosts' policies must agree on it. */
    String definition() {
        return name + " " + range + " " + port + " " + members.stream().map(Member::name).toList() + " " + topology
                + " " + hub + " " + keepalive + " " + new java.util.TreeMap<>(addresses) + " "
                + new java.util.TreeMap<>(endpoints) + " " + allow;
    }

    /** "wireguard.networks wg0 (policies/baseline.yaml:12)". */
    String where() {
        return "wireguard.networks " + name + " (" + location + ")";
    }
}
