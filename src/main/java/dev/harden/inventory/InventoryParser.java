package dev.harden.inventory;

import dev.harden.HardenException;
import dev.harden.ValidationErrors;
import dev.harden.policy.NearestName;
import dev.harden.policy.PolicyLayer;
import dev.harden.policy.Schema;
import dev.harden.yaml.MappingReader;
import dev.harden.yaml.YamlNode;
import dev.harden.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads inventory/*.yaml: an optional {@code defaults} block (connection settings), a
 * {@code groups} map (group name to {@code vars}) and a {@code hosts} map. Several files are
 * merged; a host defined twice is an error, and so is a host in a group that neither a
 * {@code groups} section nor a policies/groups/GROUP.yaml file defines (a typo like
 * {@code [wbe]} would otherwise leave the host silently without its group's policy).
 *
 * <p>A host may be reached through a jump host ({@code via: bastion1}, another inventory host),
 * set on the host, on one of its groups or in defaults (the most specific wins); a group's or
 * the defaults' {@code via} does not apply to the jump host itself. Unknown jump hosts, jump
 * hosts that are image roots and cycles fail at load time with the file and line.
 */
public final class InventoryParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Set<String> TOP = Set.of("defaults", "groups", "hosts");
    private static final Set<String> CONNECTION = Set.of("port", "user", "identity", "via", "ssh_config");
    private static final Set<String> HOST = Set.of("address", "port", "user", "identity", "groups", "vars",
            "transport", "root", "via", "ssh_config");
    private static final Set<String> GROUP = Set.of("vars", "via");

    /** A jump host named somewhere ({@code via: NAME}), and where. */
    private record Via(String host, YamlNode.Location at, String setOn) {
    }

    /** A host as read, before its jump host is linked: its own via, or the one of its file's defaults. */
    private record Draft(HostEntry entry, Via own, Via fromDefaults) {
    }

    /** A group named in a host's {@code groups} list, and where. */
    private record Membership(String host, String group, YamlNode.Location at) {
    }

    private final Schema schema;
    private final Set<String> policyGroups;
    private final List<Membership> memberships = new ArrayList<>();
    private final Map<String, Draft> drafts = new TreeMap<>();
    private final Map<String, HostEntry> hosts = new TreeMap<>();
    private final Map<String, PolicyLayer> groups = new TreeMap<>();
    private final Map<String, Via> groupVia = new TreeMap<>();
    private final Map<String, String> definedIn = new LinkedHashMap<>();
    /** Hosts left out because they or their jump host are in error (reported once). */
    private final Set<String> failed = new HashSet<>();
    /** Where unknown jump hosts were named: each such via: is reported once, not once per host. */
    private final Set<YamlNode.Location> reportedVia = new HashSet<>();
    private final ValidationErrors errors;
    private final boolean ownErrors;

    /**
     * A parser that throws with every error it finds.
     *
     * @param policyGroups the groups that have a policies/groups/GROUP.yaml file
     */
    public InventoryParser(Schema schema, Set<String> policyGroups) {
        this(schema, policyGroups, new ValidationErrors(), true);
    }

    /**
     * A parser that adds each error to {@code errors} and goes on: a host or group in error is
     * left out, the others are read. The caller ends the validation.
     */
    public InventoryParser(Schema schema, Set<String> policyGroups, ValidationErrors errors) {
        this(schema, policyGroups, errors, false);
    }

    private InventoryParser(Schema schema, Set<String> policyGroups, ValidationErrors errors, boolean ownErrors) {
        this.schema = schema;
        this.policyGroups = Set.copyOf(policyGroups);
        this.errors = errors;
        this.ownErrors = ownErrors;
    }

    /** Parses every inventory file ({@code path -> bytes}) and the known_hosts text. */
    public Inventory parse(Map<String, byte[]> files, byte[] knownHosts) {
        for (var file : new TreeMap<>(files).entrySet()) {
            errors.run(() -> parseFile(file.getKey(), YamlParser.parse(file.getKey(), file.getValue())));
        }
        checkMemberships();
        for (Via via : groupVia.values()) {
            if (!drafts.containsKey(via.host())) {
                unknownJumpHost(via);
            }
        }
        for (String name : drafts.keySet()) {
            if (!failed.contains(name)) {
                errors.run(() -> {
                    if (link(name, new ArrayList<>()) == null) {
                        failed.add(name);
                    }
                });
            }
        }
        if (ownErrors) {
            errors.throwIfAny();
        }
        for (HostEntry host : hosts.values()) {
            for (String group : host.groups()) {
                groups.putIfAbsent(group, PolicyLayer.empty("group " + group));
            }
        }
        String pinned = knownHosts == null ? "" : new String(knownHosts, StandardCharsets.UTF_8);
        return new Inventory(hosts, groups, pinned);
    }

    private void parseFile(String file, YamlNode root) {
        MappingReader top = new MappingReader(root, file).onlyKeys(TOP);
        Map<String, YamlNode> defaultsNode = top.entries("defaults");
        MappingReader defaults = new MappingReader(
                top.node("defaults").orElse(new YamlNode.Mapping(Map.of(), Map.of(), top.location())), "defaults");
        if (!defaultsNode.isEmpty()) {
            defaults.onlyKeys(CONNECTION);
        }
        MappingReader groupsSection = section(top, "groups");
        for (var group : top.entries("groups").entrySet()) {
            errors.run(() -> {
                String name = checkName(group.getKey(), groupsSection, "group");
                YamlNode body = group.getValue();
                if (body instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) { // "web:", no vars
                    body = new YamlNode.Mapping(Map.of(), Map.of(), body.location());
                }
                MappingReader reader = new MappingReader(body, "group '" + name + "'").onlyKeys(GROUP);
                groups.put(name, vars(reader, "group " + name));
                via(reader, "group '" + name + "'").ifPresent(via -> groupVia.put(name, via));
            });
        }
        MappingReader hostsSection = section(top, "hosts");
        for (var host : top.entries("hosts").entrySet()) {
            errors.run(() -> {
                String name = checkName(host.getKey(), hostsSection, "host");
                if (definedIn.containsKey(name)) {
                    throw new HardenException(file + ": host '" + name + "' is already defined in "
                            + definedIn.get(name) + " (define each host once)");
                }
                definedIn.put(name, file);
                drafts.put(name, host(name, new MappingReader(host.getValue(), "host '" + name + "'")
                        .onlyKeys(HOST), defaults));
            });
        }
    }

    private Draft host(String name, MappingReader h, MappingReader defaults) {
        String transportText = h.string("transport").orElse("ssh");
        HostEntry.Transport transport = switch (transportText) {
            case "ssh" -> HostEntry.Transport.SSH;
            case "local" -> HostEntry.Transport.LOCAL;
            default -> throw new HardenException(h.at("transport") + ": host '" + name
                    + "' transport must be ssh or local, got " + YamlNode.quote(transportText));
        };
        String root = null;
        String address = null;
        if (transport == HostEntry.Transport.LOCAL) {
            root = h.string("root").orElseThrow(() -> new HardenException(h.location() + ": host '" + name
                    + "' uses transport local and needs 'root' (the image root directory)"));
        } else {
            address = h.string("address").orElseThrow(() -> new HardenException(h.location() + ": host '" + name
                    + "' needs 'address' (a DNS name or IP to reach it over SSH)"));
        }
        int port = h.integer("port", 1, 65535).or(() -> defaults.integer("port", 1, 65535)).orElse(22);
        String user = h.string("user").or(() -> defaults.string("user")).orElse("root");
        String identity = h.string("identity").or(() -> defaults.string("identity")).orElse(null);
        String sshConfig = h.string("ssh_config").or(() -> defaults.string("ssh_config")).orElse(null);
        Set<String> written = new HashSet<>();
        for (String key : HostEntry.CONNECTION_KEYS) {
            if (h.node(key).isPresent() || defaults.node(key).isPresent()) {
                written.add(key);
            }
        }
        List<String> groupNames = new ArrayList<>();
        for (YamlNode.Scalar group : h.scalarList("groups")) {
            checkName(group.text(), h, "group");
            groupNames.add(group.text());
            memberships.add(new Membership(name, group.text(), group.location()));
        }
        Via own = via(h, "host '" + name + "'").orElse(null);
        if (own != null && transport == HostEntry.Transport.LOCAL) {
            throw new HardenException(own.at() + ": host '" + name + "' uses transport local (an image root on this"
                    + " machine) and cannot be reached via a jump host; remove its via");
        }
        HostEntry entry = new HostEntry(name, transport, address, port, user, identity, root, groupNames,
                vars(h, "host " + name), null, sshConfig, written);
        return new Draft(entry, own, via(defaults, "defaults").orElse(null));
    }

    private static java.util.Optional<Via> via(MappingReader reader, String setOn) {
        return reader.string("via").map(name -> new Via(name, reader.at("via"), setOn));
    }

    /**
     * The host with its jump host linked (the jump host linked first), or null when the host is
     * left out because its jump host is in error (reported once, not per host); {@code path}
     * holds the hosts being linked, which is how a cycle is found.
     */
    private HostEntry link(String name, List<String> path) {
        HostEntry done = hosts.get(name);
        if (done != null) {
            return done;
        }
        Draft draft = drafts.get(name);
        HostEntry entry = draft.entry();
        Via via = entry.transport() == HostEntry.Transport.SSH ? viaOf(draft) : null;
        if (via != null) {
            Draft jump = drafts.get(via.host());
            if (jump == null) {
                unknownJumpHost(via);
                return null;
            }
            if (jump.entry().transport() != HostEntry.Transport.SSH) {
                throw new HardenException(via.at() + ": " + via.setOn() + " is reached via '" + via.host()
                        + "', an image root (transport local); a jump host must be an SSH host");
            }
            if (path.contains(via.host()) || via.host().equals(name)) {
                List<String> cycle = new ArrayList<>(path.subList(Math.max(0, path.indexOf(via.host())), path.size()));
                cycle.add(name);
                cycle.add(via.host());
                throw new HardenException(via.at() + ": jump hosts form a cycle ("
                        + cycle.stream().map(n -> "'" + n + "'").collect(Collectors.joining(" via "))
                        + "); a jump host must be reachable without itself");
            }
            if (failed.contains(via.host())) {
                return null; // its jump host is in error, reported already
            }
            path.add(name);
            HostEntry jumpEntry = errors.check(() -> link(via.host(), path)).orElse(null);
            path.remove(path.size() - 1);
            if (jumpEntry == null) {
                failed.add(via.host());
                return null;
            }
            entry = new HostEntry(entry.name(), entry.transport(), entry.address(), entry.port(), entry.user(),
                    entry.identity(), entry.root(), entry.groups(), entry.vars(), jumpEntry, entry.sshConfig(),
                    entry.written());
        }
        hosts.put(name, entry);
        return entry;
    }

    /** Reports a via: naming no inventory host, once per place it is written. */
    private void unknownJumpHost(Via via) {
        if (reportedVia.add(via.at())) {
            String hint = NearestName.among(drafts.keySet(), via.host()).map(n -> "did you mean '" + n + "'?")
                    .orElse("hosts: " + String.join(", ", drafts.keySet()));
            errors.add(via.at() + ": " + via.setOn() + " is reached via unknown host '" + via.host() + "' (" + hint
                    + "); a jump host is another host of the inventory");
        }
    }

    /**
     * The host's jump host: its own, else its groups' (which must agree), else its file's
     * defaults'. A group's or the defaults' jump host is not applied to that jump host itself.
     */
    private Via viaOf(Draft draft) {
        String name = draft.entry().name();
        if (draft.own() != null) {
            return draft.own();
        }
        Map<String, Via> fromGroups = new LinkedHashMap<>();
        for (String group : draft.entry().groups()) {
            Via via = groupVia.get(group);
            if (via != null && !via.host().equals(name)) {
                fromGroups.put(group, via);
            }
        }
        Set<String> distinct = fromGroups.values().stream().map(Via::host).collect(Collectors.toCollection(TreeSet::new));
        if (distinct.size() > 1) {
            throw new HardenException(definedIn.get(name) + ": host '" + name + "' is in groups with different jump"
                    + " hosts (" + fromGroups.entrySet().stream().map(e -> e.getKey() + " via " + e.getValue().host())
                    .collect(Collectors.joining(", ")) + "); set via: on the host to choose one");
        }
        if (!fromGroups.isEmpty()) {
            Via via = fromGroups.values().iterator().next();
            return new Via(via.host(), via.at(), "host '" + name + "' (in " + via.setOn() + ")");
        }
        Via defaults = draft.fromDefaults();
        if (defaults != null && !defaults.host().equals(name)) {
            return new Via(defaults.host(), defaults.at(), "host '" + name + "' (by defaults)");
        }
        return null;
    }

    /** Every group a host lists is defined somewhere (checked once all files are read). */
    private void checkMemberships() {
        Set<String> known = new TreeSet<>(groups.keySet());
        known.addAll(policyGroups);
        for (Membership m : memberships) {
            if (!known.contains(m.group())) {
                String hint = NearestName.among(known, m.group()).map(g -> "did you mean '" + g + "'?")
                        .orElse(known.isEmpty() ? "no groups are defined" : "known: " + String.join(", ", known));
                errors.add(m.at() + ": host '" + m.host() + "' lists unknown group '" + m.group()
                        + "' (" + hint + "); a group is defined under groups: in inventory/ or by policies/groups/"
                        + m.group() + ".yaml");
            }
        }
    }

    private PolicyLayer vars(MappingReader reader, String layerName) {
        return reader.node("vars").map(node -> PolicyLayer.parse(layerName, node, schema, errors))
                .orElse(PolicyLayer.empty(layerName));
    }

    /** A top-level section as a reader, so names in it are reported at their own line. */
    private static MappingReader section(MappingReader top, String key) {
        return top.node(key).map(n -> new MappingReader(n, key)).orElse(top);
    }

    private static String checkName(String name, MappingReader where, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new HardenException(where.at(name) + ": " + what + " name " + YamlNode.quote(name)
                    + " must be letters, digits, '.', '_' or '-'");
        }
        return name;
    }
}
