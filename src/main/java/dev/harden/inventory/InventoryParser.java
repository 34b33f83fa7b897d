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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads inventory/*.yaml: an optional {@code defaults} block (connection settings), a
 * {@code groups} map (group name to {@code vars}) and a {@code hosts} map. Several files are
 * merged; a host defined twice is an error, and so is a host in a group that neither a
 * {@code groups} section nor a policies/groups/GROUP.yaml file defines (a typo like
 * {@code [wbe]} would otherwise leave the host silently without its group's policy).
 */
public final class InventoryParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Set<String> TOP = Set.of("defaults", "groups", "hosts");
    private static final Set<String> CONNECTION = Set.of("port", "user", "identity");
    private static final Set<String> HOST = Set.of("address", "port", "user", "identity", "groups", "vars",
            "transport", "root");

    /** A group named in a host's {@code groups} list, and where. */
    private record Membership(String host, String group, YamlNode.Location at) {
    }

    private final Schema schema;
    private final Set<String> policyGroups;
    private final List<Membership> memberships = new ArrayList<>();
    private final Map<String, HostEntry> hosts = new TreeMap<>();
    private final Map<String, PolicyLayer> groups = new TreeMap<>();
    private final Map<String, String> definedIn = new LinkedHashMap<>();
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
                MappingReader reader = new MappingReader(body, "group '" + name + "'").onlyKeys(Set.of("vars"));
                groups.put(name, vars(reader, "group " + name));
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
                hosts.put(name, host(name, new MappingReader(host.getValue(), "host '" + name + "'").onlyKeys(HOST),
                        defaults));
            });
        }
    }

    private HostEntry host(String name, MappingReader h, MappingReader defaults) {
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
        List<String> groupNames = new ArrayList<>();
        for (YamlNode.Scalar group : h.scalarList("groups")) {
            checkName(group.text(), h, "group");
            groupNames.add(group.text());
            memberships.add(new Membership(name, group.text(), group.location()));
        }
        return new HostEntry(name, transport, address, port, user, identity, root, groupNames,
                vars(h, "host " + name));
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
