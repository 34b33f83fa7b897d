package dev.harden.module.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * A firewall as an operator reads it, recovered from its files: on or off, the default
 * policies, and the rules in order ("allow 22/tcp from 10.0.0.0/8 # ssh from bastion"). The
 * plan's rule-level diff compares the view of the host's files with the view of the new ones.
 */
record RuleView(boolean active, String incoming, String outgoing, List<String> rules) {

    RuleView {
        rules = List.copyOf(rules);
    }

    /** Lines like "+ allow 443/tcp from anywhere", "- allow 8080/tcp ...", "~ default incoming: allow -> deny". */
    static List<String> diff(String label, RuleView before, RuleView after) {
        List<String> lines = new ArrayList<>();
        if (before.active != after.active) {
            lines.add("~ " + label + ": " + state(before.active) + " -> " + state(after.active));
        }
        if (!before.incoming.equals(after.incoming)) {
            lines.add("~ default incoming: " + before.incoming + " -> " + after.incoming);
        }
        if (!before.outgoing.equals(after.outgoing)) {
            lines.add("~ default outgoing: " + before.outgoing + " -> " + after.outgoing);
        }
        before.rules.stream().filter(r -> !after.rules.contains(r)).forEach(r -> lines.add("- " + r));
        after.rules.stream().filter(r -> !before.rules.contains(r)).forEach(r -> lines.add("+ " + r));
        if (lines.isEmpty() && !before.rules.equals(after.rules)) {
            lines.add("~ rules reordered");
        }
        return lines;
    }

    private static String state(boolean active) {
        return active ? "active" : "inactive";
    }
}
