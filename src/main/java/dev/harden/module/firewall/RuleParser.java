package dev.harden.module.firewall;

import dev.harden.policy.SettingType.InvalidValue;
import dev.harden.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the firewall's structured policy values: the {@code allow} rules
 * ({@code - { port: 443, proto: tcp, from: 10.0.0.0/8, comment: "..." }}) and the
 * {@code internal} ports ({@code - 6379/tcp}). Every problem names the entry and its line.
 */
final class RuleParser {

    static final String RULES = "a list of rules like { port: 443, proto: tcp, from: 10.0.0.0/8, comment: \"...\" }"
            + " (port: 1-65535 or a range 6000:6010; proto: tcp or udp, default tcp; from: an address or network,"
            + " default anywhere)";
    static final String PORTS = "a list of ports like 6379/tcp (or just 6379 for tcp)";
    private static final Set<String> KEYS = Set.of("port", "proto", "from", "comment");
    private static final Set<String> PROTOS = Set.of("tcp", "udp");
    /**
     * A comment is written as is to both backends: hex in ufw's user.rules, and as an XML comment
     * in firewalld's zone file, which cannot escape anything and may not contain "--". So what
     * the XML cannot hold is refused here, at its line, rather than rewritten (the plan would show
     * a different comment than the policy) or found broken on the host.
     */
    private static final Pattern COMMENT = Pattern.compile("(?!.*--)[\\p{Print}&&[^\"'\\\\<>&]]{0,64}");

    private RuleParser() {
    }

    static List<FirewallRule> rules(YamlNode node) throws InvalidValue {
        List<FirewallRule> rules = new ArrayList<>();
        int index = 0;
        for (YamlNode item : items(node, RULES)) {
            index++;
            rules.add(rule(item, index));
        }
        return List.copyOf(rules);
    }

    static List<PortProto> ports(YamlNode node) throws InvalidValue {
        List<PortProto> ports = new ArrayList<>();
        int index = 0;
        for (YamlNode item : items(node, PORTS)) {
            index++;
            String text = item instanceof YamlNode.Scalar s ? s.text() : "";
            String[] parts = text.split("/", -1);
            try {
                String proto = parts.length == 2 ? parts[1] : "tcp";
                if (parts.length > 2 || !PROTOS.contains(proto)) {
                    throw new IllegalArgumentException(YamlNode.quote(text) + " is not a port like 6379/tcp or 53/udp");
                }
                PortRange port = PortRange.parse(parts[0]);
                ports.add(new PortProto(port, proto));
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("entry " + index + ": " + e.getMessage(), item.location());
            }
        }
        return List.copyOf(ports);
    }

    private static List<YamlNode> items(YamlNode node, String what) throws InvalidValue {
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items();
        }
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return List.of();
        }
        throw new InvalidValue("must be " + what + ", got " + YamlNode.describe(node));
    }

    private static FirewallRule rule(YamlNode item, int index) throws InvalidValue {
        String entry = "entry " + index;
        if (!(item instanceof YamlNode.Mapping mapping)) {
            throw new InvalidValue(entry + " must be a mapping like { port: 443, proto: tcp }, got "
                    + YamlNode.describe(item), item.location());
        }
        for (Map.Entry<String, YamlNode.Location> key : mapping.keyLocations().entrySet()) {
            if (!KEYS.contains(key.getKey())) {
                throw new InvalidValue(entry + ": unknown key '" + key.getKey() + "' (a rule has port, proto, from,"
                        + " comment)", key.getValue());
            }
        }
        YamlNode portNode = mapping.entries().get("port");
        if (portNode == null) {
            throw new InvalidValue(entry + " has no port (like port: 443)", item.location());
        }
        String where = entry + (portNode instanceof YamlNode.Scalar s ? " (port " + YamlNode.printable(s.text()) + ")" : "");
        try {
            PortRange port = PortRange.parse(text(portNode));
            String proto = Optional.ofNullable(mapping.entries().get("proto")).map(RuleParser::text).orElse("tcp");
            if (!PROTOS.contains(proto)) {
                throw new IllegalArgumentException("proto " + YamlNode.quote(proto) + " is unknown; use tcp or udp");
            }
            Optional<Cidr> from = Optional.ofNullable(mapping.entries().get("from")).map(RuleParser::text)
                    .filter(f -> !f.equals("any") && !f.equals("anywhere")).map(Cidr::parse);
            String comment = Optional.ofNullable(mapping.entries().get("comment")).map(RuleParser::text).orElse("");
            if (!COMMENT.matcher(comment).matches()) {
                throw new IllegalArgumentException("comment must be one line of at most 64 characters without"
                        + " quotes, backslashes, < > & or '--', got " + YamlNode.quote(comment));
            }
            return new FirewallRule(port, proto, from, comment);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(where + ": " + e.getMessage(), item.location());
        }
    }

    private static String text(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL) {
            return s.text();
        }
        throw new IllegalArgumentException("expected a single value, got " + YamlNode.describe(node));
    }
}
