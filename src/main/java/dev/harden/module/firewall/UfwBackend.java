package dev.harden.module.firewall;

import dev.harden.facts.Facts;
import dev.harden.resource.State;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Validator;
import dev.harden.template.Templates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ufw (Debian, Ubuntu): harden writes ufw's own files, in ufw's own format, so the ufw command
 * and "ufw status" keep working: /etc/default/ufw (default policies), /etc/ufw/ufw.conf
 * (enabled), /etc/ufw/user.rules and user6.rules (the rules, validated by ip[6]tables-restore).
 */
final class UfwBackend {

    static final String DEFAULTS = "/etc/default/ufw";
    static final String CONF = "/etc/ufw/ufw.conf";
    static final String RULES4 = "/etc/ufw/user.rules";
    static final String RULES6 = "/etc/ufw/user6.rules";
    static final List<String> PATHS = List.of(DEFAULTS, CONF, RULES4, RULES6);
    private static final Reload ACTIVATE = Reload.activator("ufw");
    private static final Pattern TUPLE = Pattern.compile(
            "### tuple ### (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)(?: comment=([0-9a-fA-F]+))?");
    private static final Pattern POLICY = Pattern.compile("(?m)^DEFAULT_(INPUT|OUTPUT)_POLICY=\"?(\\w+)\"?");

    private UfwBackend() {
    }

    static List<FileResource> files(FirewallPolicy policy, List<AllowedRule> rules, Templates templates) {
        Map<String, Object> defaults = Map.of("input", iptables(policy.defaultIncoming()),
                "output", iptables(policy.defaultOutgoing()));
        List<FileResource> files = new ArrayList<>();
        files.add(file(DEFAULTS, templates.render("ufw_default.ftl", Map.of("ufw", defaults)), 0644,
                Validator.of("sh", "-n", "{}")));
        files.add(file(CONF, templates.render("ufw_conf.ftl", Map.of()), 0644, Validator.of("sh", "-n", "{}")));
        files.add(file(RULES4, rulesFile(rules, false, templates), 0640, Validator.of("iptables-restore", "--test", "{}")));
        files.add(file(RULES6, rulesFile(rules, true, templates), 0640, Validator.of("ip6tables-restore", "--test", "{}")));
        return files;
    }

    /** What the ufw files in {@code files} (path to bytes, absent = null) say. */
    static RuleView view(Map<String, byte[]> files) {
        String defaults = text(files.get(DEFAULTS));
        String conf = text(files.get(CONF));
        String incoming = "deny";
        String outgoing = "allow";
        Matcher m = POLICY.matcher(defaults);
        while (m.find()) {
            String value = policyWord(m.group(2));
            if (m.group(1).equals("INPUT")) {
                incoming = value;
            } else {
                outgoing = value;
            }
        }
        boolean active = conf.lines().anyMatch(l -> l.strip().equalsIgnoreCase("ENABLED=yes"));
        LinkedHashSet<String> rules = new LinkedHashSet<>();
        for (String path : List.of(RULES4, RULES6)) {
            text(files.get(path)).lines().map(TUPLE::matcher).filter(Matcher::matches).forEach(t -> rules.add(describe(t)));
        }
        return new RuleView(active, incoming, outgoing, List.copyOf(rules));
    }

    static RuleView view(Facts facts) {
        Map<String, byte[]> current = new LinkedHashMap<>();
        for (String path : PATHS) {
            if (facts.file(path) instanceof State.File p) {
                current.put(path, p.content());
            }
        }
        return view(current);
    }

    private static String describe(Matcher tuple) {
        String source = tuple.group(6);
        String from = source.equals("0.0.0.0/0") || source.equals("::/0") ? "anywhere" : source;
        String comment = tuple.group(8) == null ? ""
                : "  # " + new String(HexFormat.of().parseHex(tuple.group(8)), StandardCharsets.UTF_8);
        return tuple.group(1) + " " + tuple.group(3) + "/" + tuple.group(2) + " from " + from + comment;
    }

    private static String rulesFile(List<AllowedRule> rules, boolean v6, Templates templates) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AllowedRule allowed : rules) {
            FirewallRule rule = allowed.rule();
            if (!rule.fromAnywhere() && rule.from().get().ipv6() != v6) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("action", allowed.action());
            row.put("proto", rule.proto());
            row.put("port", rule.port().toString());
            row.put("dports", rule.port().single() ? "--dport " + rule.port() : "-m multiport --dports " + rule.port());
            row.put("source", rule.fromAnywhere() ? (v6 ? "::/0" : "0.0.0.0/0") : rule.from().get().toString());
            row.put("source_match", rule.fromAnywhere() ? "" : " -s " + rule.from().get());
            row.put("comment_hex", HexFormat.of().formatHex(rule.comment().getBytes(StandardCharsets.UTF_8)));
            rows.add(row);
        }
        Map<String, Object> model = Map.of("chain", v6 ? "ufw6" : "ufw", "any", v6 ? "::/0" : "0.0.0.0/0", "rules", rows);
        return templates.render("ufw_user_rules.ftl", Map.of("ufw", model));
    }

    private static FileResource file(String path, String content, int mode, Validator validator) {
        return new FileResource("firewall", path, content.getBytes(StandardCharsets.UTF_8), mode, "root", "root",
                Optional.of(validator), List.of(ACTIVATE), false, true);
    }

    private static String iptables(String policy) {
        return switch (policy) {
            case "allow" -> "ACCEPT";
            case "reject" -> "REJECT";
            default -> "DROP";
        };
    }

    private static String policyWord(String iptables) {
        return switch (iptables.toUpperCase()) {
            case "ACCEPT" -> "allow";
            case "REJECT" -> "reject";
            default -> "deny";
        };
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
