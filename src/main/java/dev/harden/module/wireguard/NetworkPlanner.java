package dev.harden.module.wireguard;

import dev.harden.HardenException;
import dev.harden.facts.Facts;
import dev.harden.inventory.HostEntry;
import dev.harden.inventory.Inventory;
import dev.harden.module.Finding;
import dev.harden.module.FleetView;
import dev.harden.module.ModuleInput;
import dev.harden.module.Pin;
import dev.harden.policy.HostPolicy;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.SecretResource;
import dev.harden.resource.State;
import dev.harden.resource.UnitResource;
import dev.harden.resource.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One host's side of one network: its own key (generated on the host, checked against the pinned
 * one), its peers (with their keys from this run's facts or from the pinned file, pending when
 * neither knows one), and the config, key and unit that make it so.
 */
final class NetworkPlanner {

    static final String MODULE = "wireguard";
    static final String DIR = "/etc/wireguard";
    private static final String NOT_YET = "(generated on the host when applied)";

    /** What one network wants on one host. */
    record Planned(List<Resource> resources, List<Finding> findings, List<String> changes, List<Pin> pins) {
    }

    private final ModuleInput input;
    private final WgNetwork network;
    private final PinnedKeys pinned;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Pin> pins = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();

    NetworkPlanner(ModuleInput input, WgNetwork network) {
        this.input = input;
        this.network = network;
        this.pinned = input.file(PinnedKeys.FILE);
    }

    static String confPath(String network) {
        return DIR + "/" + network + ".conf";
    }

    static String keyPath(String network) {
        return DIR + "/" + network + ".key";
    }

    static String unit(String network) {
        return "wg-quick@" + network + ".service";
    }

    static ResourceId keyId(String network) {
        return ResourceId.secret(keyPath(network), "wg");
    }

    /** The hosts of the network: members named directly, and the hosts of member groups. */
    static Set<String> members(WgNetwork network, Inventory inventory) {
        Set<String> hosts = new TreeSet<>();
        for (WgNetwork.Member member : network.members()) {
            if (inventory.hosts().containsKey(member.name())) {
                hosts.add(member.name());
                continue;
            }
            List<String> inGroup = inventory.hosts().values().stream().filter(h -> h.groups().contains(member.name()))
                    .map(HostEntry::name).toList();
            if (inGroup.isEmpty() && !inventory.groupVars().containsKey(member.name())) {
                throw new HardenException(member.location() + ": wireguard.networks " + network.name() + ": member '"
                        + member.name() + "' is neither a host nor a group of the inventory");
            }
            hosts.addAll(inGroup);
        }
        if (network.topology() == WgNetwork.Topology.HUB && !hosts.contains(network.hub())) {
            throw new HardenException(network.where() + ": the hub " + network.hub() + " is not one of its members");
        }
        return hosts;
    }

    /** Plans the network for a member host; {@code operatorOverMesh}: harden's own SSH runs through it. */
    Planned member(Set<String> members, boolean operatorOverMesh) {
        String self = input.hostName();
        checkSameDefinition(members);
        Map<String, String> addresses = MeshAddresses.of(network, members);
        SecretKey own = ownKey(members);
        List<Peer> peers = new ArrayList<>();
        for (String member : members) {
            if (member.equals(self) || !peerOf(self, member)) {
                continue;
            }
            peerKey(member).ifPresent(key -> peers.add(new Peer(member, key, allowedIps(self, member, addresses),
                    endpoint(member), network.keepalive() == 0 ? "" : String.valueOf(network.keepalive()))));
        }
        if (network.topology() == WgNetwork.Topology.HUB && self.equals(network.hub())) {
            findings.add(Finding.info(MODULE, network.name() + ": this host is the hub: traffic between members goes"
                    + " through it only where IP forwarding and the firewall's forward policy allow it, which harden"
                    + " does not change"));
        }
        String text = render(addresses.get(self), own.publicKey().orElse(NOT_YET), peers);
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        FileResource conf = new FileResource(MODULE, confPath(network.name()), content, 0600, "root", "root",
                Optional.of(Validator.of("@wg_conf", "{}")), List.of(Reload.activator("wireguard")), false,
                operatorOverMesh);
        State current = input.facts().file(confPath(network.name()));
        if (!(current instanceof State.File file) || !java.util.Arrays.equals(file.content(), content)) {
            changes.addAll(ConfigText.changes(network.name(), current instanceof State.File file
                    ? ConfigText.parse(new String(file.content(), StandardCharsets.UTF_8)) : null, ConfigText.parse(text)));
        }
        List<Resource> resources = List.of(
                new SecretResource(MODULE, keyPath(network.name()), "wg", "wg", 0600, "root", "root", own.rotateNow(),
                        operatorOverMesh),
                conf,
                new UnitResource(MODULE, unit(network.name()), "enabled", "active", operatorOverMesh));
        return new Planned(resources, findings, changes, pins);
    }

    /**
     * A host that is not (or no longer) a member of a network it has a config of: its interface is
     * stopped and disabled; the config and key stay, for the operator to remove.
     */
    Planned former() {
        State current = input.facts().file(confPath(network.name()));
        if (!(current instanceof State.File file) || !new String(file.content(), StandardCharsets.UTF_8)
                .contains("\n# harden-public-key: ")) {
            return new Planned(List.of(), List.of(), List.of(), List.of());
        }
        UnitResource stopped = new UnitResource(MODULE, unit(network.name()), "disabled", "inactive", false);
        List<Finding> notes = List.of(Finding.info(MODULE, network.name() + ": this host is not a member: its"
                + " interface is stopped and disabled; " + confPath(network.name()) + " and " + keyPath(network.name())
                + " stay until you remove them"));
        List<String> changes = List.of("- " + network.name() + ": this host leaves the network (interface stopped)");
        return new Planned(List.of(stopped), notes, changes, List.of());
    }

    /** The key this host runs with: accepted, pinned where the run may pin, refused when it changed. */
    private record SecretKey(Optional<String> publicKey, boolean rotateNow) {
    }

    private SecretKey ownKey(Set<String> members) {
        String self = input.hostName();
        String name = network.name();
        Optional<String> pin = pinned.of(name, self);
        boolean rotate = input.requests().rotations(MODULE).contains(self);
        State state = input.facts().state(keyId(name));
        Optional<String> seen = state instanceof State.Secret secret && PublicKeys.valid(secret.publicValue())
                ? Optional.of(secret.publicValue()) : Optional.empty();
        if (seen.isEmpty()) {
            if (state instanceof State.Absent && pin.isPresent() && !rotate) {
                findings.add(Finding.warning(MODULE, name + ": " + keyPath(name) + " is missing but " + PinnedKeys.PATH
                        + " pins a key for this host: a new key will not match it and the host will be refused; put the"
                        + " key back from a backup, or rotate it (--rotate-wireguard-key " + self + ")"));
            }
            return new SecretKey(Optional.empty(), false);
        }
        String key = seen.get();
        if (pin.isPresent() && pin.get().equals(key)) {
            if (rotate) {
                requireWholeNetwork(members, "rotating " + self + "'s key");
                changes.add("~ " + name + ": new key for this host (generated on it); every peer takes its public half"
                        + " in this run, and " + PinnedKeys.PATH + " records it");
                return new SecretKey(Optional.of(key), true);
            }
            return new SecretKey(Optional.of(key), false);
        }
        if (pin.isPresent()) {
            if (!rotate) {
                throw new HardenException(self + ": refused: its WireGuard public key for " + name + " is "
                        + PublicKeys.shortly(key) + " but " + PinnedKeys.PATH + " pins " + PublicKeys.shortly(pin.get())
                        + ": the key on the host was replaced outside harden, and a host cannot change its identity in"
                        + " the network silently. Put the original " + keyPath(name) + " back, or, if the new key is"
                        + " intended, rotate: harden apply --rotate-wireguard-key " + self + " (its peers are updated"
                        + " in the same run)");
            }
            pins.add(PinnedKeys.pin(name, self, key, "rotated WireGuard public key of " + self + " (" + name + ")"));
            return new SecretKey(Optional.of(key), false);
        }
        if (input.requests().trustsNew(MODULE)) {
            pins.add(PinnedKeys.pin(name, self, key, "new WireGuard public key of " + self + " (" + name + ")"));
        } else {
            findings.add(Finding.warning(MODULE, name + ": this host's public key " + PublicKeys.shortly(key)
                    + " is not pinned in " + PinnedKeys.PATH + ", so its peers leave it out: run with"
                    + " --trust-new-wireguard-keys to pin it, then commit the file"));
        }
        if (rotate) {
            findings.add(Finding.info(MODULE, name + ": nothing to rotate: this host's key is not pinned yet"));
        }
        return new SecretKey(Optional.of(key), false);
    }

    /** The key {@code member} is a peer with, or empty (and a finding) while it is pending. */
    private Optional<String> peerKey(String member) {
        String name = network.name();
        Optional<String> pin = pinned.of(name, member);
        Optional<Facts> facts = input.fleet().factsOf(member);
        Optional<String> seen = facts.map(f -> f.states().get(keyId(name)))
                .filter(s -> s instanceof State.Secret secret && PublicKeys.valid(secret.publicValue()))
                .map(s -> ((State.Secret) s).publicValue());
        boolean rotating = input.requests().rotations(MODULE).contains(member);
        if (seen.isPresent() && pin.isPresent()) {
            if (seen.get().equals(pin.get()) && rotating) {
                findings.add(Finding.info(MODULE, name + ": peer " + member + " gets a new key in this run; this host"
                        + " takes its public half in the same run, once " + member + " has it"));
            }
            if (seen.get().equals(pin.get()) || !rotating) {
                if (!seen.get().equals(pin.get())) {
                    findings.add(Finding.warning(MODULE, name + ": peer " + member + " runs with key "
                            + PublicKeys.shortly(seen.get()) + ", not its pinned " + PublicKeys.shortly(pin.get())
                            + ": " + member + " is refused, and stays a peer here with its pinned key"));
                }
                return pin;
            }
            return seen; // rotated in this run, on purpose
        }
        if (seen.isPresent()) {
            if (input.requests().trustsNew(MODULE)) {
                return seen;
            }
            findings.add(Finding.warning(MODULE, name + ": peer " + member + " is pending: its public key "
                    + PublicKeys.shortly(seen.get()) + " is not pinned yet (run with --trust-new-wireguard-keys, then"
                    + " commit " + PinnedKeys.PATH + ")"));
            return Optional.empty();
        }
        if (pin.isPresent()) {
            return pin;
        }
        findings.add(Finding.info(MODULE, name + ": peer " + member + " is pending: " + (facts.isPresent()
                ? "it has no key yet; it gets one when it is applied (with --trust-new-wireguard-keys it joins here in"
                + " the same run)" : "it is not in this run and has no pinned key yet")));
        return Optional.empty();
    }

    /** Whether {@code member} is a peer of {@code self}: everyone in a mesh, only the hub (or, on the hub, all). */
    private boolean peerOf(String self, String member) {
        return network.topology() == WgNetwork.Topology.MESH || self.equals(network.hub())
                || member.equals(network.hub());
    }

    private String allowedIps(String self, String member, Map<String, String> addresses) {
        if (network.topology() == WgNetwork.Topology.HUB && !self.equals(network.hub())) {
            return network.range().toString(); // a member reaches the whole network through the hub
        }
        return addresses.get(member) + network.range().hostSuffix();
    }

    /** Where {@code member} is reached: the policy's endpoint, else its inventory address, with the network's port. */
    private String endpoint(String member) {
        String explicit = network.endpoints().get(member);
        if (explicit != null) {
            return explicit.endsWith("]") || !explicit.contains(":") ? explicit + ":" + network.port() : explicit;
        }
        HostEntry entry = input.fleet().inventory().hosts().get(member);
        if (entry == null || entry.transport() != HostEntry.Transport.SSH || entry.address() == null
                || entry.address().isBlank()) {
            return "";
        }
        String address = entry.address();
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + network.port();
    }

    private String render(String address, String publicKey, List<Peer> peers) {
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("name", network.name());
        net.put("cidr", network.range().toString());
        net.put("topology", network.topology().word());
        net.put("port", String.valueOf(network.port()));
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("name", input.hostName());
        self.put("address", address + "/" + network.range().prefix());
        self.put("publicKey", publicKey);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Peer peer : peers) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", peer.name());
            row.put("publicKey", peer.publicKey());
            row.put("allowedIps", peer.allowedIps());
            row.put("endpoint", peer.endpoint());
            row.put("keepalive", peer.keepalive());
            rows.add(row);
        }
        return input.templates().render("wireguard.conf.ftl", Map.of("network", net, "self", self, "peers", rows));
    }

    /** Every member's own policy must define this network the same way, or peers would disagree. */
    private void checkSameDefinition(Set<String> members) {
        for (String member : members) {
            Optional<HostPolicy> policy = input.fleet().policyOf(member);
            if (policy.isEmpty() || member.equals(input.hostName())) {
                continue;
            }
            Optional<WgNetwork> theirs = WireGuardModule.networks(policy.get()).stream()
                    .filter(n -> n.name().equals(network.name())).findFirst();
            if (theirs.isEmpty()) {
                throw new HardenException(network.where() + ": " + member + " is a member, but its own policy has no"
                        + " network " + network.name() + "; define the network in a layer every member shares (the"
                        + " baseline, or a group they are all in)");
            }
            if (!theirs.get().definition().equals(network.definition())) {
                throw new HardenException(network.where() + ": " + member + "'s policy defines " + network.name()
                        + " differently (" + theirs.get().location() + "); every member must see the same network:"
                        + " define it in a layer they all share");
            }
        }
    }

    /** A rotation changes keys on both ends: every member must be in this run. */
    private void requireWholeNetwork(Set<String> members, String doing) {
        List<String> missing = members.stream().filter(m -> input.fleet().factsOf(m).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new HardenException(input.hostName() + ": " + doing + " in " + network.name() + " needs every member"
                    + " in the run, so that they learn the new key together; not in this run: "
                    + String.join(", ", missing) + " (drop --limit, or make them reachable)");
        }
    }

    /** Whether {@code address} (a literal) is inside the network's range. */
    boolean contains(String address) {
        return network.range().offsetOf(MeshRange.canonical(address)).isPresent();
    }

    FleetView fleet() {
        return input.fleet();
    }
}
